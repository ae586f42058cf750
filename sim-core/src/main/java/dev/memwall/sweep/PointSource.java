package dev.memwall.sweep;

/**
 * What an executor runs: points by index, each a self-contained {@link PointSpec}, and the files
 * they read. A {@link Study}'s grid is one; a round of {@code plan}'s capacity search is another.
 */
public interface PointSource {
    /** Point {@code index}. */
    PointSpec spec(int index);

    /** Where the files every point reads are. */
    StudyFiles files();
}
