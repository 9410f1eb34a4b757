package io.segexport.server.store;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.segexport.server.store.Database.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Records of one kind (datasets, batches, merge policies, segment definitions), keyed by tenant and string id in a
 * column family of their own, listed in key order (alphabetical among ids of one length, as generated ids are).
 * Values are protobuf bytes; every write is synced.
 */
public final class TenantRecords<T extends Message> implements Records<T> {
    private final Database database;
    private final ColumnFamilyHandle family;
    private final Parser<T> parser;
    /** What a record is, for the messages of store faults: "merge policy". */
    private final String kind;

    TenantRecords(Database database, Family family, Parser<T> parser, String kind) {
        this.database = database;
        this.family = database.family(family);
        this.parser = parser;
        this.kind = kind;
    }

    /** Records of a kind kept outside this package's list, e.g. a feature's internal state. */
    public static <T extends Message> TenantRecords<T> of(
            Database database, Family family, Parser<T> parser, String kind) {
        return new TenantRecords<>(database, family, parser, kind);
    }

    public static TenantRecords<io.segexport.v1.DataSet> dataSets(Database database) {
        return new TenantRecords<>(database, Family.DATASETS, io.segexport.v1.DataSet.parser(), "dataset");
    }

    public static TenantRecords<io.segexport.v1.Batch> batches(Database database) {
        return new TenantRecords<>(database, Family.BATCHES, io.segexport.v1.Batch.parser(), "batch");
    }

    public static TenantRecords<io.segexport.v1.MergePolicy> mergePolicies(Database database) {
        return new TenantRecords<>(
                database, Family.MERGE_POLICIES, io.segexport.v1.MergePolicy.parser(), "merge policy");
    }

    public static TenantRecords<io.segexport.v1.SegmentDefinition> segmentDefinitions(Database database) {
        return new TenantRecords<>(
                database, Family.SEGMENT_DEFINITIONS, io.segexport.v1.SegmentDefinition.parser(), "segment definition");
    }

    @Override
    public void put(Tenant tenant, String id, T record) {
        try {
            database.db().put(family, database.durableWrites(), key(tenant, id), record.toByteArray());
        } catch (RocksDBException e) {
            throw new StoreException("could not store " + kind + " " + id, e);
        }
    }

    @Override
    public Optional<T> get(Tenant tenant, String id) {
        try {
            return Optional.ofNullable(parse(database.db().get(family, key(tenant, id))));
        } catch (RocksDBException e) {
            throw new StoreException("could not read " + kind + " " + id, e);
        }
    }

    @Override
    public void delete(Tenant tenant, String id) {
        try {
            database.db().delete(family, database.durableWrites(), key(tenant, id));
        } catch (RocksDBException e) {
            throw new StoreException("could not delete " + kind + " " + id, e);
        }
    }

    @Override
    public KeysetPage<T> list(Tenant tenant, String after, int limit) {
        byte[] prefix = Keys.tenant(tenant);
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = database.db().newIterator(family, read)) {
            byte[] afterKey = after.isEmpty()
                    ? null
                    : Keys.startingWith(prefix).text(after).toBytes();
            return KeysetPage.read(it, prefix, afterKey, limit, (key, value) -> parse(value));
        } catch (RocksDBException e) {
            throw new StoreException("could not list the " + kind + " records", e);
        }
    }

    /** In key order. */
    @Override
    public List<T> all() {
        List<T> records = new ArrayList<>();
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = database.db().newIterator(family, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                records.add(parse(it.value()));
            }
            StoreException.checkScan(it, "could not list the " + kind + " records");
        }
        return records;
    }

    /**
     * Hands every record of every tenant, in key order, to {@code action} with its tenant, reading a
     * consistent view one record at a time (so it may change or remove the records it is given).
     */
    public void forEach(BiConsumer<Tenant, T> action) {
        Snapshot snapshot = database.db().getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot);
                RocksIterator it = database.db().newIterator(family, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(Keys.tenantOf(it.key()), parse(it.value()));
            }
            StoreException.checkScan(it, "could not read the " + kind + " records");
        } finally {
            database.db().releaseSnapshot(snapshot);
        }
    }

    private static byte[] key(Tenant tenant, String id) {
        return Keys.startingWith(Keys.tenant(tenant)).text(id).toBytes();
    }

    private T parse(byte[] value) {
        return StoredValues.parse(parser, value, kind);
    }
}
