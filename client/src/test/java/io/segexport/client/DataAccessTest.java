package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSetFile;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.FileEntry;
import io.segexport.v1.GetFileResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reading back the batch of an export that really ran: 2,000 profiles, more than one 64 KiB chunk. */
class DataAccessTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    private static final int PROFILES = 2_000;
    private static SegexportClient client;
    private static String dataSet;
    private static String batchId;

    @BeforeAll
    static void exportProfiles() throws Exception {
        client = TestClients.builder(server.grpcPort(), Tenant.fresh().orgId()).build();
        dataSet = client.createDataSet(Fixtures.dataSet("crm"));
        try (RecordImporter importer = client.importProfiles(dataSet)) {
            for (int i = 0; i < PROFILES; i++) {
                importer.add(Fixtures.profile("user" + i + "@example.com"));
            }
            assertThat(importer.finish().getAccepted()).isEqualTo(PROFILES);
        }
        ExportJob job =
                client.awaitCompletion(client.createJob(Fixtures.job(dataSet)).getId(), Duration.ofMinutes(1));
        assertThat(job.getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
        batchId = job.getDestination().getBatchId();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    void getBatchReturnsTheCommittedBatchWithItsCounts() {
        Batch batch = client.getBatch(batchId);

        assertThat(batch.getId()).isEqualTo(batchId);
        assertThat(batch.getStatus()).isEqualTo("success");
        assertThat(batch.getMetrics().getRecordCount()).isEqualTo(PROFILES);
        assertThat(batch.getRelatedObjects(0).getId()).isEqualTo(dataSet);
    }

    @Test
    void getBatchOfAnUnknownIdThrowsNotFound() {
        assertThatThrownBy(() -> client.getBatch("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listBatchFilesReturnsTheOneDataSetFileOfTheBatch() {
        List<DataSetFile> files = client.listBatchFiles(batchId);

        assertThat(files).hasSize(1);
        assertThat(files.get(0).getDataSetFileId()).isEqualTo(batchId);
        assertThat(files.get(0).getDataSetViewId()).isEqualTo(dataSet);
        assertThat(files.get(0).getIsValid()).isTrue();
    }

    @Test
    void getFileListsThePartFilesWithTheirLengths() {
        GetFileResponse files = client.getFile(batchId);

        assertThat(files.getDataList()).extracting(FileEntry::getName).first().isEqualTo("part-00000.json");
        long total = files.getDataList().stream()
                .mapToLong(file -> Long.parseLong(file.getLength()))
                .sum();
        assertThat(total).isEqualTo(client.getBatch(batchId).getMetrics().getOutputByteSize());
    }

    @Test
    void getFileAfterTheLastNameIsEmpty() {
        List<FileEntry> files = client.getFile(batchId).getDataList();

        assertThat(client.getFile(batchId, files.get(files.size() - 1).getName())
                        .getDataList())
                .isEmpty();
    }

    @Test
    void readFileStreamsTheWholeFile() throws Exception {
        FileEntry part = client.getFile(batchId).getData(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long bytes = client.readFile(batchId, part.getName(), out);

        assertThat(bytes)
                .isEqualTo(Long.parseLong(part.getLength()))
                .isGreaterThan(64 * 1024)
                .isEqualTo(out.size());
        List<String> rows = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(rows).hasSize(PROFILES).anySatisfy(row -> assertThat(row).contains("\"user1999@example.com\""));
    }

    @Test
    void readFileOfAnUnknownPathThrowsNotFound() {
        assertThatThrownBy(() -> client.readFile(batchId, "part-99999.json", new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void downloadBatchWritesEveryFileByteEqualToWhatReadFileReturns(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("download");
        List<Long> progress = new ArrayList<>();

        Path written = client.downloadBatch(batchId, target, progress::add);

        assertThat(written).isEqualTo(target);
        List<FileEntry> parts = client.getFile(batchId).getDataList();
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            parts.stream().map(FileEntry::getName).toList());
        }
        long total = 0;
        for (FileEntry part : parts) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            total += client.readFile(batchId, part.getName(), expected);
            assertThat(Files.readAllBytes(target.resolve(part.getName()))).isEqualTo(expected.toByteArray());
        }
        assertThat(progress).isSorted().last().isEqualTo(total);
    }

    @Test
    void downloadBatchReplacesAFileOfTheSameName(@TempDir Path dir) throws Exception {
        Path part = dir.resolve("part-00000.json");
        Files.writeString(part, "stale");

        client.downloadBatch(batchId, dir, bytes -> {});

        assertThat(Files.size(part))
                .isEqualTo(Long.parseLong(client.getFile(batchId).getData(0).getLength()));
    }

    @Test
    void downloadedFilesGetThePermissionsOfAnyNewFileAndNoPartialFileStays(@TempDir Path dir) throws Exception {
        Path ordinary = Files.createFile(dir.resolve("ordinary"));

        client.downloadBatch(batchId, dir, bytes -> {});

        assertThat(Files.getPosixFilePermissions(dir.resolve("part-00000.json")))
                .isEqualTo(Files.getPosixFilePermissions(ordinary));
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).doesNotContain(".part-00000.json.download");
        }
    }

    @Test
    void downloadBatchOfAnUnknownBatchThrowsNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> client.downloadBatch("0123456789abcdef0123456789abcdef", dir, bytes -> {}))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
