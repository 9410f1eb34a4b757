package io.segexport.server.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import io.segexport.server.batchstore.BatchStore.StoredFile;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 batch store against a real S3-compatible server (S3Mock, in its own process), reached
 * through a proxy that can fail requests as S3 does when it is overloaded.
 */
class S3BatchStoreIT {
    private static final String BUCKET = "segexport-test";
    private static final String BATCH = "b0123456789";
    private static final long PART = 5L << 20;

    @TempDir
    static Path shared;

    private static S3MockProcess s3;
    private static FaultyS3Proxy proxy;
    private static int stores;

    @TempDir
    Path dir;

    private S3Config config;
    private S3BatchStore store;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = S3MockProcess.start(shared.resolve("s3"), BUCKET);
        proxy = new FaultyS3Proxy(s3.endpoint());
    }

    @AfterAll
    static void stopS3() throws InterruptedException {
        proxy.close();
        s3.close();
    }

    /** Each test has a prefix of its own in the bucket. */
    @BeforeEach
    void openStore() throws BatchStoreUnavailableException {
        config = S3Config.parse(
                "s3://" + BUCKET + "/test-" + ++stores, proxy.endpoint().toString(), "us-east-1");
        store = S3BatchStore.open(config, S3MockProcess.CREDENTIALS, PART);
    }

    private Path folderWith(String name, String... files) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(folder.resolve(files[i]), files[i + 1]);
        }
        return folder;
    }

    private Path folderWithLargeFile(String name, long size) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        Files.write(folder.resolve("part-00000.json"), bytes);
        return folder;
    }

    private static byte[] readAll(BatchFile file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) file.size());
        while (buffer.hasRemaining() && file.read(buffer, buffer.position()) >= 0) {}
        return buffer.array();
    }

    private static String read(BatchFile file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        file.read(buffer, position);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** The keys under this test's prefix, straight from the server. */
    private List<String> keys() {
        try (S3Client direct = S3Clients.create(
                S3Config.parse("s3://" + BUCKET, s3.endpoint().toString(), "us-east-1"), S3MockProcess.CREDENTIALS)) {
            return direct.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(config.prefix())).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    @Test
    void aPublishedBatchListsItsFilesInNameOrderWithTheirLengths() throws IOException {
        store.publish(BATCH, folderWith("out", "part-00001.json", "bb\n", "part-00000.json", "a\n"));

        assertThat(store.list(BATCH, name -> true))
                .containsExactly(new StoredFile("part-00000.json", 2), new StoredFile("part-00001.json", 3));
        assertThat(store.list(BATCH, name -> name.endsWith("1.json")))
                .containsExactly(new StoredFile("part-00001.json", 3));
    }

    @Test
    void aFileReadsBackFromAnyPosition() throws IOException {
        store.publish(BATCH, folderWith("out", "part-00000.json", "0123456789"));

        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(file.size()).isEqualTo(10);
            assertThat(read(file, 6, 4)).isEqualTo("6789");
            assertThat(read(file, 0, 3)).isEqualTo("012");
            assertThat(read(file, 3, 2)).isEqualTo("34");
            assertThat(file.read(ByteBuffer.allocate(1), 10)).isEqualTo(-1);
        }
    }

    @Test
    void anEmptyFileIsListedAndReadsAsEnded() throws IOException {
        store.publish(BATCH, folderWith("out", "part-00000.json", ""));

        assertThat(store.list(BATCH, name -> true)).containsExactly(new StoredFile("part-00000.json", 0));
        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(file.read(ByteBuffer.allocate(1), 0)).isEqualTo(-1);
        }
    }

    @Test
    void aBatchNeverPublishedHasNoFiles() throws IOException {
        assertThat(store.list(BATCH, name -> true)).isEmpty();
        assertThatThrownBy(() -> store.open(BATCH, "part-00000.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aNameTheBatchDoesNotHaveIsNotOpened() throws IOException {
        store.publish(BATCH, folderWith("out", "part-00000.json", "a\n"));

        assertThatThrownBy(() -> store.open(BATCH, "part-00001.json")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.open(BATCH, "../manifest.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void publishingAgainReplacesTheEarlierFiles() throws IOException {
        store.publish(BATCH, folderWith("first", "part-00000.json", "old\n", "part-00001.json", "gone\n"));

        store.publish(BATCH, folderWith("second", "part-00000.json", "new\n"));

        assertThat(store.list(BATCH, name -> true)).containsExactly(new StoredFile("part-00000.json", 4));
        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(read(file, 0, 4)).isEqualTo("new\n");
        }
        assertThat(keys()).doesNotContain(config.prefix() + "batches/" + BATCH + "/files/part-00001.json");
    }

    @Test
    void aManifestOfFilesSentOneByOneRemovesTheBatchsUnlistedFiles() throws IOException {
        Path folder = folderWith("parts", "part-0-00000.json", "kept\n", "part-0-00001.json", "abandoned\n");
        store.putFile(BATCH, "part-0-00000.json", folder.resolve("part-0-00000.json"));
        store.putFile(BATCH, "part-0-00001.json", folder.resolve("part-0-00001.json"));

        store.writeManifest(BATCH, List.of(new StoredFile("part-0-00000.json", 5)));

        assertThat(store.list(BATCH, name -> true)).containsExactly(new StoredFile("part-0-00000.json", 5));
        assertThat(keys())
                .contains(config.prefix() + "batches/" + BATCH + "/files/part-0-00000.json")
                .doesNotContain(config.prefix() + "batches/" + BATCH + "/files/part-0-00001.json");
    }

    @Test
    void publishingLeavesTheFolderWhole() throws IOException {
        Path out = folderWith("out", "part-00000.json", "a\n");

        store.publish(BATCH, out);

        assertThat(Files.readString(out.resolve("part-00000.json"))).isEqualTo("a\n");
    }

    @Test
    void deletingABatchRemovesItsObjects() throws IOException {
        store.publish(BATCH, folderWith("out", "part-00000.json", "a\n", "failed-00000.json", "b\n"));
        store.publish("bOther", folderWith("other", "part-00000.json", "c\n"));

        store.delete(BATCH);

        assertThat(store.list(BATCH, name -> true)).isEmpty();
        assertThat(keys()).allMatch(key -> key.startsWith(config.prefix() + "batches/bOther/"));
        assertThat(store.list("bOther", name -> true)).hasSize(1);
    }

    @Test
    void storesUnderOtherPrefixesDoNotSeeEachOthersBatches() throws Exception {
        store.publish(BATCH, folderWith("out", "part-00000.json", "a\n"));

        try (S3BatchStore other = S3BatchStore.open(
                S3Config.parse("s3://" + BUCKET + "/elsewhere", proxy.endpoint().toString(), "us-east-1"),
                S3MockProcess.CREDENTIALS,
                PART)) {
            assertThat(other.list(BATCH, name -> true)).isEmpty();
        }
    }

    @Test
    void aLargeFileIsSentInPartsAndReadsBackWhole() throws IOException {
        Path out = folderWithLargeFile("large", 2 * PART + 12345);

        store.publish(BATCH, out);

        assertThat(proxy.requests(config.prefix() + "batches/" + BATCH + "/files/part-00000.json?partNumber="))
                .hasSize(3);
        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(readAll(file)).isEqualTo(Files.readAllBytes(out.resolve("part-00000.json")));
        }
    }

    @Test
    void aPartThatFailsIsSentAgain() throws IOException {
        Path out = folderWithLargeFile("large", PART + 100);
        proxy.fail(2, (method, path) -> method == HttpMethod.PUT && path.contains("partNumber=2"));

        store.publish(BATCH, out);

        assertThat(proxy.requests(config.prefix() + "batches/" + BATCH + "/files/part-00000.json?partNumber=2"))
                .hasSize(3);
        try (BatchFile file = store.open(BATCH, "part-00000.json")) {
            assertThat(readAll(file)).isEqualTo(Files.readAllBytes(out.resolve("part-00000.json")));
        }
    }

    @Test
    void aPartThatKeepsFailingFailsThePublishAndLeavesNoBatch() throws IOException {
        Path out = folderWithLargeFile("large", PART + 100);
        proxy.fail(Integer.MAX_VALUE, (method, path) -> method == HttpMethod.PUT && path.contains("partNumber=2"));
        try {
            assertThatThrownBy(() -> store.publish(BATCH, out))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("could not upload " + config.prefix() + "batches/" + BATCH
                            + "/files/part-00000.json in bucket " + BUCKET);
        } finally {
            proxy.fail(0, (method, path) -> false);
        }

        assertThat(proxy.requests("partNumber=2")).hasSizeGreaterThanOrEqualTo(S3Clients.ATTEMPTS);
        assertThat(store.list(BATCH, name -> true)).isEmpty();
        assertThat(proxy.requests("DELETE /" + BUCKET + "/" + config.prefix() + "batches/" + BATCH
                        + "/files/part-00000.json?uploadId="))
                .hasSize(1);
    }

    @Test
    void aMissingBucketIsAClearError() {
        S3Config missing = S3Config.parse("s3://no-such-bucket/p", s3.endpoint().toString(), "us-east-1");

        assertThatThrownBy(() -> S3BatchStore.open(missing, S3MockProcess.CREDENTIALS, PART))
                .isInstanceOf(BatchStoreUnavailableException.class)
                .hasMessage("the bucket no-such-bucket (--batch-store s3://no-such-bucket/p/) does not exist at "
                        + s3.endpoint() + "; create it first");
    }

    @Test
    void anUnreachableServerIsAClearError() throws IOException {
        URI closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        S3Config unreachable = S3Config.parse("s3://" + BUCKET, closed.toString(), "us-east-1");

        assertThatThrownBy(() -> S3BatchStore.open(unreachable, S3MockProcess.CREDENTIALS, PART))
                .isInstanceOf(BatchStoreUnavailableException.class)
                .hasMessageStartingWith("could not reach the batch store at " + closed + " (--s3-endpoint): ");
    }
}
