package io.segexport.server;

import static io.segexport.server.DataAccessSeed.BATCH;
import static io.segexport.server.DataAccessSeed.ORPHAN;
import static io.segexport.server.DataAccessSeed.OTHER;
import static io.segexport.server.DataAccessSeed.OTHERS;
import static io.segexport.server.DataAccessSeed.OWNER;
import static io.segexport.server.DataAccessSeed.PART0;
import static io.segexport.server.DataAccessSeed.RUNNING;
import static io.segexport.server.DataAccessSeed.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.DataAccessServiceGrpc.DataAccessServiceBlockingStub;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.ListBatchFilesRequest;
import io.segexport.v1.ReadFileRequest;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading batches gives away nothing else: another tenant's batches, folders without a succeeded
 * batch record, and every byte outside a batch's part files stay out of reach, whatever the ids and
 * paths say. Answers are 400 (a bad id or path, naming it) or 404, always in the problem shape.
 */
class DataAccessSecurityTest {
    private static final String FILES = "/data/foundation/export/files/";

    @RegisterExtension
    static final SharedServer server = new SharedServer(DataAccessSeed::into);

    private final RestClient rest = server.rest(OWNER);
    private final DataAccessServiceBlockingStub grpc = server.grpc().dataAccess(OWNER);

    /** The three REST reads of a batch: its dataset file, its files, and its first part. */
    private static List<String> readsOf(String batch) {
        return List.of(
                "/data/foundation/export/batches/" + batch + "/files",
                FILES + batch,
                FILES + batch + "?path=part-00000.json");
    }

    private void assertNotFound(String path) {
        RestClient.BinaryResponse response = rest.getBytes(path);

        assertThat(response.status()).as(path).isEqualTo(404);
        assertThat(response.header("content-type")).as(path).isEqualTo("application/problem+json");
        assertThat(response.text()).as(path).doesNotContain(SECRET);
    }

    private static void assertGrpcNotFound(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private void assertGrpcNotFoundEverywhere(String batch) {
        assertGrpcNotFound(() -> grpc.listBatchFiles(
                ListBatchFilesRequest.newBuilder().setBatchId(batch).build()));
        assertGrpcNotFound(() ->
                grpc.getFile(GetFileRequest.newBuilder().setDataSetFileId(batch).build()));
        assertGrpcNotFound(() -> grpc.readFile(ReadFileRequest.newBuilder()
                        .setDataSetFileId(batch)
                        .setPath("part-00000.json")
                        .build())
                .forEachRemaining(chunk -> {}));
    }

    /** Bad input: 400 or 404, problem details, and never a byte of a secret. */
    private void assertRefused(String path) {
        RestClient.BinaryResponse response = rest.getBytes(path);

        assertThat(response.status()).as(path).isIn(400, 404);
        assertThat(response.header("content-type")).as(path).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).as(path).isEqualTo(response.status());
        assertThat(response.text()).as(path).doesNotContain(SECRET);
    }

    @Test
    void anotherTenantsBatchIsNotFoundThoughItsFolderExists() {
        readsOf(OTHERS).forEach(this::assertNotFound);
        assertGrpcNotFoundEverywhere(OTHERS);
        assertThat(server.rest(OTHER)
                        .getBytes(FILES + OTHERS + "?path=part-00000.json")
                        .text())
                .isEqualTo(SECRET);
    }

    @Test
    void theSameOrgInAnotherSandboxDoesNotSeeTheBatch() {
        RestClient otherSandbox = server.rest(OWNER.inSandbox("dev"));

        for (String path : readsOf(BATCH)) {
            assertThat(otherSandbox.getBytes(path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aBatchFolderWithoutARecordIsNotFound() {
        readsOf(ORPHAN).forEach(this::assertNotFound);
        assertGrpcNotFoundEverywhere(ORPHAN);
    }

    @Test
    void aBatchWhoseJobHasNotSucceededIsNotFound() {
        readsOf(RUNNING).forEach(this::assertNotFound);
        assertGrpcNotFoundEverywhere(RUNNING);
    }

    @Test
    void notFoundSaysNothingOfWhetherTheFolderExists() {
        String missing = "ffffffffffffffffffffffffffffffff";

        assertThat(rest.get(FILES + OTHERS).json().get("detail").asText())
                .isEqualTo("dataset file " + OTHERS + " does not exist");
        assertThat(rest.get(FILES + missing).json().get("detail").asText())
                .isEqualTo("dataset file " + missing + " does not exist");
    }

    @Test
    void pathTraversalInThePathIsRefusedNamingIt() {
        for (String path : List.of(
                "%2Fetc%2Fpasswd",
                "/etc/passwd",
                "./part-00000.json",
                "notes.txt",
                "_SUCCESS",
                "PART-00000.JSON",
                "part-0000.json",
                "part-000000.json",
                "part-00000.json%20",
                "part-%EF%BC%900000.json",
                "part-00000.jsonx",
                "%252e%252e%252fsecret.txt",
                "secret.txt",
                "part-00000.json%2F",
                "%5Cetc%5Cpasswd")) {
            RestClient.BinaryResponse response = rest.getBytes(FILES + BATCH + "?path=" + path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("content-type")).as(path).isEqualTo("application/problem+json");
            assertThat(response.json().get("detail").asText())
                    .as(path)
                    .isEqualTo("path must be the name of a file of the dataset file, part-NNNNN.json");
            assertThat(response.text()).as(path).doesNotContain(SECRET);
        }
    }

    @Test
    void dotSegmentsAndNulsAnywhereInTheRequestTargetAreRefusedBeforeAnyService() {
        // Armeria itself refuses a request target with a (decoded) ".." segment or a NUL, in the query too.
        for (String path : List.of(
                "..",
                "../secret.txt",
                "../../secret.txt",
                "..%2F..%2Fsecret.txt",
                "%2e%2e%2f%2e%2e%2fsecret.txt",
                "%2E%2E",
                "..%5C..%5Csecret.txt",
                "part-00000.json%5C..%5C..%5Csecret.txt",
                "part-00000.json%00",
                "%00",
                "part-00000.json%2F..%2F..%2Fsecret.txt",
                "..%2Fpart-00000.json")) {
            RestClient.BinaryResponse response = rest.getBytes(FILES + BATCH + "?path=" + path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("content-type")).as(path).isEqualTo("application/problem+json");
            assertThat(response.json().get("detail").asText())
                    .as(path)
                    .startsWith("the request target was refused before routing");
            assertThat(response.text()).as(path).doesNotContain(SECRET);
        }
    }

    @Test
    void anEmptyPathIsRefusedNamingIt() {
        RestClient.BinaryResponse response = rest.getBytes(FILES + BATCH + "?path=");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("path is required");
    }

    @Test
    void pathTraversalInTheIdsIsRefused() {
        for (String id : List.of(
                "..",
                "%2e%2e",
                "%2E%2E%2F%2E%2E",
                "..%2F..",
                "..%2Fbatches",
                "%2e%2e%2fsecret.txt",
                "a%00b",
                "%00",
                "..%5C..",
                "%5Cetc",
                BATCH + "%2F..",
                BATCH + "%00",
                "%2Fetc%2Fpasswd",
                "secret.txt",
                "batches",
                ".",
                "%2e",
                BATCH + ".",
                "x".repeat(129))) {
            assertRefused(FILES + id + "?path=part-00000.json");
            assertRefused(FILES + id);
            assertRefused("/data/foundation/export/batches/" + id + "/files");
        }
    }

    @Test
    void aBadIdIsRefusedNamingItsField() {
        assertThat(rest.get(FILES + "a.b").json().get("detail").asText()).startsWith("dataSetFileId must be");
        assertThat(rest.get(FILES + "a.b?path=part-00000.json")
                        .json()
                        .get("detail")
                        .asText())
                .startsWith("dataSetFileId must be");
        assertThat(rest.get("/data/foundation/export/batches/a.b/files")
                        .json()
                        .get("detail")
                        .asText())
                .startsWith("batchId must be");
    }

    @Test
    void rawDotSegmentsInTheUrlReachNothing() {
        for (String path : List.of(
                FILES + "../../../secret.txt",
                FILES + BATCH + "/../../secret.txt",
                "/data/foundation/export/batches/../files",
                FILES + BATCH + "/..%2F..%2Fsecret.txt",
                FILES + BATCH + "/part-00000.json",
                FILES + BATCH + "/")) {
            RestClient.BinaryResponse response = rest.getBytes(path);

            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.text()).as(path).doesNotContain(SECRET);
        }
    }

    @Test
    void aLinkNamedLikeAPartIsNeitherListedNorServed() {
        assertThat(rest.get(FILES + BATCH).json().get("data").findValuesAsText("name"))
                .doesNotContain("part-00009.json");

        assertNotFound(FILES + BATCH + "?path=part-00009.json");
    }

    @Test
    void aFolderNamedLikeAPartIsNeitherListedNorServed() {
        assertThat(rest.get(FILES + BATCH).json().get("data").findValuesAsText("name"))
                .doesNotContain("part-00008.json");

        assertNotFound(FILES + BATCH + "?path=part-00008.json");
    }

    @Test
    void grpcRefusesTraversalInThePathAndTheId() {
        for (String path : List.of(
                "..", "../secret.txt", "/etc/passwd", "part-00000.json\0", "..\\secret.txt", "", "part-00000.json/")) {
            assertThatThrownBy(() -> grpc.readFile(ReadFileRequest.newBuilder()
                                    .setDataSetFileId(BATCH)
                                    .setPath(path)
                                    .build())
                            .forEachRemaining(chunk -> {}))
                    .as(path)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("path ");
                    });
        }
        for (String id : List.of("..", "../" + BATCH, BATCH + "/..", "a\0b", "")) {
            assertThatThrownBy(() -> grpc.readFile(ReadFileRequest.newBuilder()
                                    .setDataSetFileId(id)
                                    .setPath("part-00000.json")
                                    .build())
                            .forEachRemaining(chunk -> {}))
                    .as(id)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("dataSetFileId ");
                    });
        }
    }

    @Test
    void theOwnerStillReadsItsBatch() {
        assertThat(rest.getBytes(FILES + BATCH + "?path=part-00000.json").body())
                .isEqualTo(PART0);
    }
}
