package io.segexport.server.ingest.files;

import java.util.HashSet;
import java.util.Set;

/** The keys of one object so far, to find a repeated one: the first few compared one by one, the rest hashed. */
final class KeysSeen {
    private static final int LISTED = 8;

    private final String[] listed = new String[LISTED];
    private int count;
    private Set<String> hashed;

    void clear() {
        count = 0;
        hashed = null;
    }

    /** Adds the key; false when the object already has it. */
    boolean add(String key) {
        for (int i = 0; i < Math.min(count, LISTED); i++) {
            if (listed[i].equals(key)) {
                return false;
            }
        }
        if (count < LISTED) {
            listed[count++] = key;
            return true;
        }
        if (hashed == null) {
            hashed = new HashSet<>();
        }
        return hashed.add(key);
    }
}
