package io.segexport.server.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segexport.server.batchstore.BatchStore.StoredFile;
import io.segexport.server.store.DataLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches' files in the data folder: published whole, read at any position, removed. */
class LocalBatchStoreTest {
    private static final String BATCH = "b0123456789";

    @TempDir
    Path dir;

    private DataLayout layout() {
        return new DataLayout(dir.resolve("data"));
    }

    private Path folderWith(String name, String... files) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(folder.resolve(files[i]), files[i + 1]);
        }
        return folder;
    }

    private static String read(BatchFile file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        file.read(buffer, position);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    @Test
    void aPublishedBatchListsItsFilesInNameOrderWithTheirLengths() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());

        store.publish(BATCH, folderWith("out", "part-00001.json", "bb\n", "part-00000.json", "a\n"));

        assertThat(store.list(BATCH, name -> true))
                .containsExactly(new StoredFile("part-00000.json", 2), new StoredFile("part-00001.json", 3));
    }

    @Test
    void publishingAgainReplacesTheEarlierFiles() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        store.publish(BATCH, folderWith("first", "part-00000.json", "old\n", "part-00001.json", "gone\n"));

        store.publish(BATCH, folderWith("second", "part-00000.json", "new\n"));

        assertThat(store.list(BATCH, name -> true)).containsExactly(new StoredFile("part-00000.json", 4));
        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(read(file, 0, 4)).isEqualTo("new\n");
        }
    }

    @Test
    void publishingLeavesTheFolderWholeSoThatItCanBePublishedAgain() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        Path out = folderWith("out", "part-00000.json", "a\n");

        store.publish(BATCH, out);
        store.publish(BATCH, out);

        assertThat(Files.readString(out.resolve("part-00000.json"))).isEqualTo("a\n");
        assertThat(store.list(BATCH, name -> true)).containsExactly(new StoredFile("part-00000.json", 2));
    }

    @Test
    void aPublishCutShortIsRemovedAtTheNextStartAndNeverListed() throws IOException {
        DataLayout layout = layout();
        Files.createDirectories(layout.publishing().resolve(BATCH));
        Files.writeString(layout.publishing().resolve(BATCH).resolve("part-00000.json"), "half");

        LocalBatchStore store = new LocalBatchStore(layout);

        assertThat(layout.publishing()).doesNotExist();
        assertThat(store.list(BATCH, name -> true)).isEmpty();
    }

    @Test
    void aFileIsReadFromAnyPosition() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        store.publish(BATCH, folderWith("out", "part-00000.json", "0123456789"));

        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(file.size()).isEqualTo(10);
            assertThat(read(file, 7, 3)).isEqualTo("789");
            assertThat(file.read(ByteBuffer.allocate(1), 10)).isEqualTo(-1);
        }
    }

    @Test
    void onlyTheNamesAskedForAreListed() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        store.publish(BATCH, folderWith("out", "part-00000.json", "a", "failed-00000.json", "b"));

        assertThat(store.list(BATCH, name -> name.startsWith("failed-")))
                .containsExactly(new StoredFile("failed-00000.json", 1));
    }

    @Test
    void aLinkInABatchFolderIsNeitherListedNorOpened() throws IOException {
        DataLayout layout = layout();
        LocalBatchStore store = new LocalBatchStore(layout);
        store.publish(BATCH, folderWith("out", "part-00000.json", "a"));
        Path secret = Files.writeString(dir.resolve("secret"), "secret");
        Files.createSymbolicLink(layout.batch(BATCH).resolve("part-00001.json"), secret);

        assertThat(store.list(BATCH, name -> true)).extracting(StoredFile::name).containsExactly("part-00000.json");
        assertThatThrownBy(() -> store.open(BATCH, "part-00001.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileTheBatchDoesNotHaveIsNoSuchFile() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());

        assertThatThrownBy(() -> store.open(BATCH, "part-00000.json")).isInstanceOf(NoSuchFileException.class);
        assertThat(store.list(BATCH, name -> true)).isEmpty();
    }

    @Test
    void deleteRemovesTheBatchsFilesAndNoOtherBatchs() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        store.publish(BATCH, folderWith("one", "part-00000.json", "a"));
        store.publish("other", folderWith("two", "part-00000.json", "b"));

        store.delete(BATCH);

        assertThat(store.list(BATCH, name -> true)).isEmpty();
        assertThat(store.list("other", name -> true)).hasSize(1);
    }

    @Test
    void aFolderHoldingMoreThanFilesIsNotPublished() throws IOException {
        LocalBatchStore store = new LocalBatchStore(layout());
        Path out = folderWith("out", "part-00000.json", "a");
        Files.createDirectories(out.resolve("nested"));

        assertThatThrownBy(() -> store.publish(BATCH, out))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nested");
        assertThat(store.list(BATCH, name -> true)).isEmpty();
    }
}
