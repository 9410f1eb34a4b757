package io.segexport.server.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One page of a listing in key order, and whether more entries follow it. A page is read from the
 * key after the last one seen (a keyset cursor), so it costs the same however many entries come
 * before it.
 */
public record KeysetPage<T>(List<T> items, boolean hasMore) {
    /** Makes an entry of the page from a key and its value. */
    @FunctionalInterface
    public interface Entry<T> {
        T of(byte[] key, byte[] value);
    }

    /**
     * Up to {@code limit} entries of the keys starting with {@code prefix}, in key order, after the key
     * {@code after} (null: from the first); one more is read to learn whether more follow.
     */
    public static <T> KeysetPage<T> read(RocksIterator it, byte[] prefix, byte[] after, int limit, Entry<T> entry)
            throws RocksDBException {
        it.seek(after == null ? prefix : after);
        if (after != null && it.isValid() && Arrays.equals(it.key(), after)) {
            it.next();
        }
        List<T> items = new ArrayList<>();
        for (; it.isValid() && items.size() <= limit && Keys.startsWith(it.key(), prefix); it.next()) {
            items.add(entry.of(it.key(), it.value()));
        }
        it.status();
        return ofOneMore(items, limit);
    }

    /** The page of {@code items}, read up to one past {@code limit} to learn whether more follow. */
    public static <T> KeysetPage<T> ofOneMore(List<T> items, int limit) {
        boolean hasMore = items.size() > limit;
        return new KeysetPage<>(hasMore ? items.subList(0, limit) : items, hasMore);
    }
}
