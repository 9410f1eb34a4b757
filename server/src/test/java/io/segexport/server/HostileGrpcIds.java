package io.segexport.server;

import static io.segexport.server.HostileBytes.escape;
import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileGrpc.call;
import static io.segexport.server.HostileGrpc.rawMethod;

import io.grpc.MethodDescriptor;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import io.segexport.v1.IngestRequest;
import java.util.List;
import java.util.Map;

/** The hostile-input cases of well-formed gRPC messages with path tricks and odd characters in their ids. */
final class HostileGrpcIds {
    private HostileGrpcIds() {}

    /** Id, cursor, path and filter fields of the lookups and listings: path tricks, NUL, a lone surrogate, 100,000 characters. */
    static void grpcIds(World world, List<Case> cases) {
        List<String> tricks = List.of(
                "..",
                "../secret.txt",
                "a/b",
                "\\..\\",
                "a\u0000b",
                "\u0001",
                "%2e%2e",
                "x".repeat(100_000),
                "\ud800",
                "");
        Map<String, java.util.function.Function<String, byte[]>> idFields = new java.util.LinkedHashMap<>();
        idFields.put(
                "GetDataSet id",
                id -> io.segexport.v1.GetDataSetRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListDataSets start",
                id -> io.segexport.v1.ListDataSetsRequest.newBuilder()
                        .setStart(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetBatch id",
                id -> io.segexport.v1.GetBatchRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "DeleteBatch id",
                id -> io.segexport.v1.DeleteBatchRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListBatchFiles batchId",
                id -> io.segexport.v1.ListBatchFilesRequest.newBuilder()
                        .setBatchId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetFile dataSetFileId",
                id -> io.segexport.v1.GetFileRequest.newBuilder()
                        .setDataSetFileId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetFile start",
                id -> io.segexport.v1.GetFileRequest.newBuilder()
                        .setDataSetFileId(BATCH)
                        .setStart(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ReadFile dataSetFileId",
                id -> io.segexport.v1.ReadFileRequest.newBuilder()
                        .setDataSetFileId(id)
                        .setPath("part-00000.json")
                        .build()
                        .toByteArray());
        idFields.put(
                "ReadFile path",
                id -> io.segexport.v1.ReadFileRequest.newBuilder()
                        .setDataSetFileId(BATCH)
                        .setPath(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetMergePolicy id",
                id -> io.segexport.v1.GetMergePolicyRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListMergePolicies start",
                id -> io.segexport.v1.ListMergePoliciesRequest.newBuilder()
                        .setStart(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetSegmentDefinition id",
                id -> io.segexport.v1.GetSegmentDefinitionRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "DeleteSegmentDefinition id",
                id -> io.segexport.v1.DeleteSegmentDefinitionRequest.newBuilder()
                        .setId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListSegmentDefinitions start",
                id -> io.segexport.v1.ListSegmentDefinitionsRequest.newBuilder()
                        .setStart(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetEntities entityId",
                id -> io.segexport.v1.GetEntitiesRequest.newBuilder()
                        .setEntityId(id)
                        .setEntityIdNs("email")
                        .build()
                        .toByteArray());
        idFields.put(
                "GetEntities entityIdNS",
                id -> io.segexport.v1.GetEntitiesRequest.newBuilder()
                        .setEntityId("ada@example.com")
                        .setEntityIdNs(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "GetEntities mergePolicyId",
                id -> io.segexport.v1.GetEntitiesRequest.newBuilder()
                        .setEntityId("ada@example.com")
                        .setEntityIdNs("email")
                        .setMergePolicyId(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListExportJobs offset",
                id -> io.segexport.v1.ListExportJobsRequest.newBuilder()
                        .setOffset(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "ListExportJobs status",
                id -> io.segexport.v1.ListExportJobsRequest.newBuilder()
                        .setStatus(id)
                        .build()
                        .toByteArray());
        idFields.put(
                "IngestProfiles datasetId",
                id -> IngestRequest.newBuilder().setDatasetId(id).build().toByteArray());
        idFields.put(
                "IngestEvents datasetId",
                id -> IngestRequest.newBuilder().setDatasetId(id).build().toByteArray());
        for (Map.Entry<String, java.util.function.Function<String, byte[]>> field : idFields.entrySet()) {
            MethodDescriptor<byte[], byte[]> method =
                    rawMethod(field.getKey().substring(0, field.getKey().indexOf(' ')));
            for (String trick : tricks) {
                if (trick.isEmpty()
                        && (field.getKey().contains("start")
                                || field.getKey().contains("offset")
                                || field.getKey().contains("status")
                                || field.getKey().contains("mergePolicyId"))) {
                    continue;
                }
                String shown = trick.length() > 40 ? trick.length() + " x's" : escape(trick);
                cases.add(new Case(
                        "gRPC: path tricks and odd characters in ids",
                        field.getKey() + " = " + shown,
                        () -> call(
                                world,
                                world.owner(),
                                method,
                                List.of(field.getValue().apply(trick)))));
            }
        }
    }
}
