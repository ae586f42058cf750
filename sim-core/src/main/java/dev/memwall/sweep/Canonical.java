package dev.memwall.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Canonical JSON text (object keys sorted, no spaces) and SHA-256 digests, for keys and hashes. */
final class Canonical {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Canonical() {
    }

    /** {@code node} as compact JSON with every object's keys in sorted order. */
    static String json(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        append(sb, node);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(MAPPER.getNodeFactory().textNode(keys.get(i)).toString()).append(':');
                append(sb, node.get(keys.get(i)));
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                append(sb, node.get(i));
            }
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }

    /** A point's key: its parameters as a JSON object with sorted names. */
    static String key(Map<String, String> params) {
        ObjectNode o = MAPPER.createObjectNode();
        params.forEach(o::put);
        return json(o);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The first 16 bytes of SHA-256 over the strings (each followed by a 0 byte), in hex. */
    static String hash(String... parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            md.update(p.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return hex(md.digest(), 16);
    }

    static String hex(byte[] bytes, int n) {
        StringBuilder sb = new StringBuilder(2 * n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }
}
