package io.segexport.server;

import static io.segexport.server.HostileBodies.bodyEndpoints;
import static io.segexport.server.HostileBodies.bodyStructure;
import static io.segexport.server.HostileBodies.fieldMutations;
import static io.segexport.server.HostileGrpc.rawMessages;
import static io.segexport.server.HostileGrpcIds.grpcIds;
import static io.segexport.server.HostileGrpcMetadata.grpcMetadata;
import static io.segexport.server.HostileGrpcNumbers.grpcNumbers;
import static io.segexport.server.HostileHeaders.contentTypes;
import static io.segexport.server.HostileHeaders.headers;
import static io.segexport.server.HostileQueries.queries;
import static io.segexport.server.HostileRequests.ids;
import static io.segexport.server.HostileRequests.requestLines;

import com.google.protobuf.Descriptors.Descriptor;
import io.grpc.MethodDescriptor;
import io.segexport.server.HostileBodies.BodyEndpoint;
import io.segexport.v1.ApiServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The world of the hostile-input suite and its catalogue: the cases over REST and over gRPC, gathered
 * from the attack families of {@link HostileBodies}, {@link HostileRequests}, {@link HostileHeaders} and
 * {@link HostileQueries} (REST), and of {@link HostileGrpc}, {@link HostileGrpcIds}, {@link HostileGrpcNumbers}
 * and {@link HostileGrpcMetadata} (gRPC).
 * Every body a case sends carries a <em>sentinel</em>, one value that is wrong only where the
 * service checks last (an unknown dataset, a repeated dataset in a merge order, a control character in
 * the last checked field), so that a mutation which happens to leave a valid request (a JSON null in
 * an optional field is "not given") is still refused and can store nothing.
 */
final class HostileCases {
    static final String JOBS = "/data/core/ups/export/jobs";
    static final String SHORT_JOBS = "/export/jobs";
    static final String DATASETS = "/data/foundation/catalog/dataSets";
    static final String BATCHES = "/data/foundation/catalog/batches";
    static final String BATCH_FILES = "/data/foundation/export/batches/";
    static final String FILES = "/data/foundation/export/files/";
    static final String POLICIES = "/data/core/ups/config/mergePolicies";
    static final String DEFINITIONS = "/data/core/ups/segment/definitions";
    static final String PROFILES = "/data/core/ups/ingest/profiles";
    static final String EVENTS = "/data/core/ups/ingest/events";
    static final String ENTITIES = "/data/core/ups/access/entities";
    static final String IMPORT_BATCHES = "/data/foundation/import/batches";
    static final String COLLECTION = "/collection/9f1c2d3e4b5a69788766554433221100";
    /** A well-formed dataset id that names no dataset: the sentinel of job creation and ingestion. */
    static final String UNKNOWN_DATASET = "0000000000000000deadbeef";

    static final String BATCH = "4057113b4057113b4057113b4057113b";
    static final int FIVE_MIB = 5 << 20;

    private HostileCases() {}

    /** What the cases attack: the owner's seeded dataset, merge policy, segment definition, job, batch and profile. */
    record World(
            Tenant owner,
            Tenant other,
            String dataSetId,
            String mergePolicyId,
            String segmentDefinitionId,
            long jobId,
            String batchId,
            int httpPort,
            GrpcClient grpc,
            UploadBatches uploads) {}

    /**
     * Ingestion batches the upload cases aim at: the owner's loading one (its large file big.json
     * initialized), a completed (processed) and an aborted one, and a loading batch of the other org.
     */
    record UploadBatches(String loading, String completed, String aborted, String othersLoading) {}

    /** One hostile request: its family (the attack), its name (the endpoint and variant), how to send it. */
    record Case(String family, String name, Supplier<Outcome> send) {}

    /**
     * What came back: an HTTP status (0 over gRPC) or a gRPC code, and what is wrong with it (empty
     * when it is a documented 4xx).
     */
    record Outcome(int httpStatus, String grpcCode, boolean clientError, boolean serverError, List<String> problems) {
        @Override
        public String toString() {
            return (httpStatus != 0 ? "HTTP " + httpStatus : "gRPC " + grpcCode)
                    + (problems.isEmpty() ? "" : " " + problems);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The world
    // ---------------------------------------------------------------------------------------------

    /** A succeeded batch of the owner's, with one part, written before the server opens the folder. */
    static void seedBatch(Path dataDir, Tenant owner) throws Exception {
        try (ExportedBatches batches = ExportedBatches.open(dataDir)) {
            batches.put(
                    owner, BATCH, UNKNOWN_DATASET, Map.of("part-00000.json", ExportedBatches.rows("a@example.com")));
        }
    }

    /**
     * Seeds through the API: a dataset, profiles and events in it, a merge policy, a segment definition
     * and a job (NEW: no workers).
     */
    static World seed(TestServer server, Tenant owner) throws Exception {
        RestClient rest = server.rest(owner);
        String dataSet = rest.createDataSet();
        expect(
                rest.post(
                        PROFILES,
                        Ingest.body(
                                dataSet,
                                Ingest.record("email", "ada@example.com", "'person': {'name': {'firstName': 'Ada'}}"),
                                Ingest.record(
                                        "email",
                                        "bob@example.com",
                                        "'segmentMembership': {'ups': {'s1': {'status': 'realized'}}}"))),
                200);
        expect(
                rest.post(
                        EVENTS,
                        Ingest.body(
                                dataSet,
                                Ingest.record("email", "ada@example.com", "'timestamp': '2024-01-01T00:00:00Z'"))),
                200);
        RestClient.Response policy = expect(rest.post(POLICIES, """
                {"name": "seeded", "schema": {"name": "_xdm.context.profile"}, "identityGraph": {"type": "none"},
                 "attributeMerge": {"type": "dataSetPrecedence", "order": ["%s"]}, "default": false}""".formatted(dataSet)), 200);
        RestClient.Response definition =
                expect(rest.post(DEFINITIONS, SegmentDefinitionTest.definition("seeded", "a = 1")), 200);
        RestClient.Response job = expect(rest.post(JOBS, Requests.minimalCreate(dataSet)), 200);
        Tenant other = Tenant.fresh();
        return new World(
                owner,
                other,
                dataSet,
                policy.json().get("id").asText(),
                definition.json().get("id").asText(),
                job.json().get("id").asLong(),
                BATCH,
                server.httpPort(),
                new GrpcClient(server.grpcPort()),
                seedUploads(new BatchUploads(rest), dataSet, new RestClient(server.httpPort(), other)));
    }

    private static UploadBatches seedUploads(BatchUploads owner, String dataSet, RestClient other) {
        String loading = owner.create(dataSet, false);
        expect(owner.fileAction(loading, dataSet, "big.json", "INITIALIZE"), 200);
        String completed = owner.create(dataSet, false);
        expect(
                owner.upload(
                        completed, dataSet, "a.json", "{\"identityMap\": {\"email\": [{\"id\": \"c@example.com\"}]}}"),
                200);
        owner.completeAndAwait(completed);
        String aborted = owner.create(dataSet, false);
        expect(owner.action(aborted, "ABORT"), 200);
        String othersLoading = new BatchUploads(other).create(other.createDataSet(), false);
        return new UploadBatches(loading, completed, aborted, othersLoading);
    }

    private static RestClient.Response expect(RestClient.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("seeding answered " + response);
        }
        return response;
    }

    static List<Case> rest(World world) {
        List<Case> cases = new ArrayList<>();
        List<BodyEndpoint> bodies = bodyEndpoints();
        for (BodyEndpoint endpoint : bodies) {
            bodyStructure(world, endpoint, cases);
        }
        for (BodyEndpoint endpoint : bodies) {
            if (!endpoint.path().equals(SHORT_JOBS)) {
                fieldMutations(world, endpoint, cases);
            }
        }
        contentTypes(world, cases);
        ids(world, cases);
        queries(world, cases);
        headers(world, cases);
        requestLines(world, cases);
        HostileUploads.uploads(world, cases);
        return cases;
    }

    static List<Case> grpc(World world) {
        List<Case> cases = new ArrayList<>();
        for (io.grpc.ServiceDescriptor service : ApiServices.all()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                Descriptor input = ((io.grpc.protobuf.ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                        .getMethodDescriptor()
                        .getInputType();
                rawMessages(world, method, input, cases);
            }
        }
        grpcIds(world, cases);
        grpcNumbers(world, cases);
        grpcMetadata(world, cases);
        return cases;
    }
}
