package io.segexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.json.ProtoJsonWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Batch ingestion: a JSON Lines file of the bench's profiles uploaded into a new batch of a dataset
 * enabled for Profile, then records a second from COMPLETE to the batch's "success", as the catalog
 * reports it. The file is written before the clock starts; the upload is timed on its own.
 */
final class BatchIngestSection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Figure processing;
    private final Figure processingCpu;
    private final Figure upload;
    private final long records;

    BatchIngestSection(Report report, long records) {
        this.records = records;
        processing = report.add(Figure.withGoal(
                String.format(
                        "batch ingestion of a %,d-record JSON Lines file, COMPLETE to success (records/s)", records),
                "%,.0f",
                Goal.atLeast(200_000, "%,.0f")));
        processingCpu = report.add(Figure.of(
                "batch ingestion, COMPLETE to success: server CPU per record (us)", "%,.1f", "all its threads"));
        upload = report.add(Figure.of("batch ingestion: upload of the file (MB/s)", "%,.1f", "one PUT"));
    }

    /** How long a batch's file took to upload, and its records to be processed, COMPLETE to success. */
    record Timed(long uploadNanos, long processingNanos) {}

    /**
     * Writes the file, then ingests it as one batch of the tenant's new Profile dataset;
     * {@code serverCpuNanos} reads the server's CPU time, steadier than the rate on a shared machine.
     */
    void run(RestApi rest, Path workDir, LongSupplier serverCpuNanos) throws Exception {
        Path file = workDir.resolve("batch.json");
        write(file, records);
        long cpu = serverCpuNanos.getAsLong();
        Timed timed = ingest(rest, file, records);
        long cpuUsed = serverCpuNanos.getAsLong() - cpu;
        upload.add(Files.size(file) / 1e6 / (timed.uploadNanos() / 1e9));
        processing.add(records / (timed.processingNanos() / 1e9));
        processingCpu.add(cpuUsed / 1e3 / records);
        Files.delete(file);
    }

    /** Ingests {@code file}, of {@code records} records, as one batch of a new Profile dataset; fails unless all are kept. */
    static Timed ingest(RestApi rest, Path file, long records) throws Exception {
        String dataSet = JSON.readTree(
                        rest.post("/data/foundation/catalog/dataSets", """
                                {"name": "bench batch", "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"},
                                 "tags": {"unifiedProfile": ["enabled:true"]}}""".getBytes(StandardCharsets.UTF_8))
                                .join()
                                .contentUtf8())
                .get(0)
                .asText()
                .substring("@/dataSets/".length());
        String batchId = JSON.readTree(rest.post(
                                "/data/foundation/import/batches",
                                ("{\"datasetId\": \"" + dataSet + "\", \"inputFormat\": {\"format\": \"json\"}}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .join()
                        .contentUtf8())
                .get("id")
                .asText();
        long start = System.nanoTime();
        rest.put("/data/foundation/import/batches/" + batchId + "/datasets/" + dataSet + "/files/batch.json", file)
                .join();
        long uploaded = System.nanoTime();
        rest.post("/data/foundation/import/batches/" + batchId + "?action=COMPLETE", new byte[0])
                .join();
        JsonNode batch = awaitEnd(rest, batchId);
        long processed = System.nanoTime();
        long written = batch.at("/metrics/outputRecordCount").asLong();
        if (!batch.get("status").asText().equals("success") || written != records) {
            throw new IllegalStateException("the batch ended " + batch);
        }
        return new Timed(uploaded - start, processed - uploaded);
    }

    /** A JSON Lines file of the bench's first {@code records} profiles. */
    static void write(Path file, long records) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < records; i++) {
                out.write(ProtoJsonWriter.toJson(SyntheticProfiles.profile(i)).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }

    private static JsonNode awaitEnd(RestApi rest, String batchId) throws Exception {
        while (true) {
            JsonNode batch = JSON.readTree(rest.get("/data/foundation/catalog/batches/" + batchId)
                            .join()
                            .contentUtf8())
                    .get(batchId);
            if (!batch.get("status").asText().equals("processing")) {
                return batch;
            }
            Thread.sleep(50);
        }
    }
}
