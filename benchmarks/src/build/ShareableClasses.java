import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step, run after the shade as a single-file program with ASM on the class path: makes the
 * Java 5 class files under the given package folders of the shaded jar eligible for class-data
 * sharing, in place.
 *
 * <p>Why: the JVM's class-data-sharing archive (benchmarks.jsa, read by scripts/memwall) leaves out
 * "pre JDK 6" class files, and a Java 6 file without stack maps too ("failed over class
 * verification"). picocli is compiled for Java 5, so every run loaded, parsed and verified its
 * ~170 classes from the jar: about 0.1 s of each tool's start. Rewritten as Java 8 class files with
 * the stack maps ASM computes from their code, they go into the archive like our own classes. The
 * code itself is copied unchanged; the class-data-sharing training run that follows at package
 * time exercises it, and the JVM verifies every rewritten class against its new stack maps.
 *
 * <p>Usage: {@code java -cp asm.jar ShareableClasses.java JAR FOLDER...}
 */
public final class ShareableClasses {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ShareableClasses JAR FOLDER...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int rewritten = 0;
        try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            for (String folder : List.of(args).subList(1, args.length)) {
                Path root = zip.getPath(folder);
                if (!Files.isDirectory(root)) {
                    System.err.println("ShareableClasses: no folder " + folder + " in " + jar);
                    System.exit(2);
                }
                List<Path> classes;
                try (Stream<Path> files = Files.walk(root)) {
                    classes = files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList());
                }
                for (Path c : classes) {
                    rewritten += rewrite(c, types);
                }
            }
        }
        System.out.println("ShareableClasses: " + rewritten + " class files rewritten as Java 8 with stack maps in " + jar);
    }

    /** Rewrites one class file older than Java 6; returns 1 if it did. */
    private static int rewrite(Path classFile, ClassLoader types) throws IOException {
        byte[] in = Files.readAllBytes(classFile);
        if (in.length < 8 || ByteBuffer.wrap(in).getShort(6) >= JAVA_6) {
            return 0;
        }
        ClassWriter out = new FramesWriter(types);
        new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9, out) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        Files.write(classFile, out.toByteArray());
        return 1;
    }

    /** Computes stack maps, resolving common super classes among the jar's own types (never initialised). */
    private static final class FramesWriter extends ClassWriter {
        private final ClassLoader types;

        FramesWriter(ClassLoader types) {
            super(ClassWriter.COMPUTE_FRAMES);
            this.types = types;
        }

        @Override
        protected String getCommonSuperClass(String type1, String type2) {
            try {
                Class<?> c = Class.forName(type1.replace('/', '.'), false, types);
                Class<?> d = Class.forName(type2.replace('/', '.'), false, types);
                if (c.isAssignableFrom(d)) {
                    return type1;
                }
                if (d.isAssignableFrom(c)) {
                    return type2;
                }
                if (c.isInterface() || d.isInterface()) {
                    return "java/lang/Object";
                }
                do {
                    c = c.getSuperclass();
                } while (!c.isAssignableFrom(d));
                return c.getName().replace('.', '/');
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot resolve " + type1 + " or " + type2, e);
            }
        }
    }
}
