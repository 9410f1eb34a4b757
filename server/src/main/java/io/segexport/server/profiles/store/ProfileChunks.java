package io.segexport.server.profiles.store;

import java.util.List;

/**
 * Stored profiles (StoredProfile bytes, unparsed, so that parsing can run on other threads), in key
 * order, a chunk at a time, from a {@link ProfileSnapshot}. Close it before the snapshot.
 */
public interface ProfileChunks extends AutoCloseable {
    /** The next profiles; empty once every one has been given. */
    List<byte[]> next();

    @Override
    void close();
}
