package io.segexport.server.profiles.store;

/**
 * The entries of a store that start with one prefix, in key order, one at a time: what
 * {@link MemberKeys} reads of the index of memberships, whichever store holds it.
 */
public interface IndexCursor extends AutoCloseable {
    /** Whether there is a current entry; false once past the last of the prefix. */
    boolean isValid();

    byte[] key();

    byte[] value();

    void next();

    @Override
    void close();
}
