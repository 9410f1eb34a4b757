package io.segexport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segexport.server.store.Database.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** The format version of a database and the migrations run at its open. */
class MigratorTest {
    @TempDir
    Path dir;

    private final List<Integer> ran = new ArrayList<>();

    private Migration recording(int version) {
        return new Migration(version, "step " + version, database -> ran.add(version));
    }

    private Migrator threeFormats() {
        return new Migrator(List.of(recording(1), recording(2), recording(3)));
    }

    /** A database that holds data but no format: as every segexport before format versions left it. */
    private void writeUnversionedStore() throws Exception {
        try (Database database = Database.open(dir)) {
            database.db().put(database.family(Family.META), "next_job_id".getBytes(), new byte[8]);
        }
    }

    @Test
    void aNewDatabaseIsOfTheLatestFormatWithoutRunningAnything() throws Exception {
        try (Database database = Database.open(dir)) {
            threeFormats().run(database, dir);

            assertThat(ran).isEmpty();
            assertThat(FormatVersion.of(database)).isEqualTo(3);
        }
    }

    @Test
    void aStoreWithNoFormatIsFormat0AndRunsEveryMigrationInOrder() throws Exception {
        writeUnversionedStore();
        try (Database database = Database.open(dir)) {
            assertThat(FormatVersion.of(database)).isZero();

            threeFormats().run(database, dir);

            assertThat(ran).containsExactly(1, 2, 3);
            assertThat(FormatVersion.of(database)).isEqualTo(3);
        }
    }

    @Test
    void aStoreOfAnOlderFormatRunsOnlyTheMigrationsAfterIt() throws Exception {
        writeUnversionedStore();
        try (Database database = Database.open(dir)) {
            FormatVersion.set(database, 1);

            threeFormats().run(database, dir);

            assertThat(ran).containsExactly(2, 3);
            assertThat(FormatVersion.of(database)).isEqualTo(3);
        }
    }

    @Test
    void aStoreOfTheLatestFormatRunsNothing() throws Exception {
        writeUnversionedStore();
        try (Database database = Database.open(dir)) {
            FormatVersion.set(database, 3);

            threeFormats().run(database, dir);

            assertThat(ran).isEmpty();
        }
    }

    @Test
    void aMigrationThatStopsHalfwayRunsAgainAtTheNextOpen() throws Exception {
        writeUnversionedStore();
        Migration failingOnce = new Migration(2, "fails the first time", database -> {
            ran.add(2);
            if (ran.stream().filter(v -> v == 2).count() == 1) {
                throw new RocksDBException("the disk went away");
            }
        });
        Migrator migrator = new Migrator(List.of(recording(1), failingOnce, recording(3)));
        try (Database database = Database.open(dir)) {
            assertThatThrownBy(() -> migrator.run(database, dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("could not bring the data folder to format 2");
            assertThat(FormatVersion.of(database)).isEqualTo(1);
        }
        try (Database database = Database.open(dir)) {
            migrator.run(database, dir);

            assertThat(ran).containsExactly(1, 2, 2, 3);
            assertThat(FormatVersion.of(database)).isEqualTo(3);
        }
    }

    @Test
    void aStoreOfANewerFormatIsRefusedAndLeftAsItIs() throws Exception {
        writeUnversionedStore();
        try (Database database = Database.open(dir)) {
            FormatVersion.set(database, 5);

            assertThatThrownBy(() -> threeFormats().run(database, dir))
                    .isInstanceOf(NewerFormatException.class)
                    .hasMessage("the data folder " + dir
                            + " was written by a newer segexport (format 5; this one reads up to 3)");
            assertThat(ran).isEmpty();
            assertThat(FormatVersion.of(database)).isEqualTo(5);
        }
    }

    @Test
    void migrationsMustBeNumberedOneTwoThreeInOrder() {
        assertThatThrownBy(() -> new Migrator(List.of(recording(1), recording(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("migration 3 is at place 2; migrations are numbered 1, 2, ... in order");
    }
}
