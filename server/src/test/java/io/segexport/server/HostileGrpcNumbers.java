package io.segexport.server;

import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileCases.UNKNOWN_DATASET;
import static io.segexport.server.HostileGrpc.call;
import static io.segexport.server.HostileGrpc.rawMethod;

import com.google.protobuf.Struct;
import io.grpc.MethodDescriptor;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import io.segexport.v1.IngestRequest;
import java.util.List;
import java.util.Map;

/** The hostile-input cases of well-formed gRPC messages with numbers at the edges: ids, limits, offsets, counts. */
final class HostileGrpcNumbers {
    private HostileGrpcNumbers() {}

    /** Job ids, limits, file offsets and lengths at the edges of int32 and int64; a NaN; 1,001 records. */
    static void grpcNumbers(World world, List<Case> cases) {
        Map<String, byte[]> numbers = new java.util.LinkedHashMap<>();
        for (long id : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 0}) {
            numbers.put(
                    "GetExportJob id " + id,
                    io.segexport.v1.GetExportJobRequest.newBuilder()
                            .setId(id)
                            .build()
                            .toByteArray());
            numbers.put(
                    "CancelExportJob id " + id,
                    io.segexport.v1.CancelExportJobRequest.newBuilder()
                            .setId(id)
                            .build()
                            .toByteArray());
            numbers.put(
                    "WatchExportJob id " + id,
                    io.segexport.v1.WatchExportJobRequest.newBuilder()
                            .setId(id)
                            .build()
                            .toByteArray());
        }
        for (int limit : new int[] {Integer.MIN_VALUE, -1, 0, 1001, Integer.MAX_VALUE}) {
            numbers.put(
                    "ListExportJobs limit " + limit,
                    io.segexport.v1.ListExportJobsRequest.newBuilder()
                            .setLimit(limit)
                            .build()
                            .toByteArray());
            numbers.put(
                    "ListDataSets limit " + limit,
                    io.segexport.v1.ListDataSetsRequest.newBuilder()
                            .setLimit(limit)
                            .build()
                            .toByteArray());
            numbers.put(
                    "ListMergePolicies limit " + limit,
                    io.segexport.v1.ListMergePoliciesRequest.newBuilder()
                            .setLimit(limit)
                            .build()
                            .toByteArray());
            numbers.put(
                    "ListSegmentDefinitions limit " + limit,
                    io.segexport.v1.ListSegmentDefinitionsRequest.newBuilder()
                            .setLimit(limit)
                            .build()
                            .toByteArray());
            numbers.put(
                    "ListBatchFiles limit " + limit,
                    io.segexport.v1.ListBatchFilesRequest.newBuilder()
                            .setBatchId(BATCH)
                            .setLimit(limit)
                            .build()
                            .toByteArray());
            numbers.put(
                    "GetFile limit " + limit,
                    io.segexport.v1.GetFileRequest.newBuilder()
                            .setDataSetFileId(BATCH)
                            .setLimit(limit)
                            .build()
                            .toByteArray());
        }
        // (A negative offset counts from the end; one beyond the start, even Long.MIN_VALUE, reads the whole file.)
        for (long offset : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}) {
            numbers.put(
                    "ReadFile offset " + offset,
                    io.segexport.v1.ReadFileRequest.newBuilder()
                            .setDataSetFileId(BATCH)
                            .setPath("part-00000.json")
                            .setOffset(offset)
                            .build()
                            .toByteArray());
        }
        for (long length : new long[] {Long.MIN_VALUE, -1}) {
            numbers.put(
                    "ReadFile length " + length,
                    io.segexport.v1.ReadFileRequest.newBuilder()
                            .setDataSetFileId(BATCH)
                            .setPath("part-00000.json")
                            .setLength(length)
                            .build()
                            .toByteArray());
        }
        numbers.put(
                "ReadFile offset 1 length Long.MAX_VALUE",
                io.segexport.v1.ReadFileRequest.newBuilder()
                        .setDataSetFileId(BATCH)
                        .setPath("part-00000.json")
                        .setOffset(1)
                        .setLength(Long.MAX_VALUE)
                        .setOffset(Long.MAX_VALUE - 1)
                        .build()
                        .toByteArray());
        for (Map.Entry<String, byte[]> number : numbers.entrySet()) {
            MethodDescriptor<byte[], byte[]> method =
                    rawMethod(number.getKey().substring(0, number.getKey().indexOf(' ')));
            cases.add(new Case(
                    "gRPC: numbers at the edges of int32 and int64",
                    number.getKey(),
                    () -> call(world, world.owner(), method, List.of(number.getValue()))));
        }
        byte[] nanRecord = IngestRequest.newBuilder()
                .setDatasetId(UNKNOWN_DATASET)
                .addRecords(Struct.newBuilder()
                        .putFields(
                                "n",
                                com.google.protobuf.Value.newBuilder()
                                        .setNumberValue(Double.NaN)
                                        .build()))
                .build()
                .toByteArray();
        cases.add(new Case(
                "gRPC: numbers at the edges of int32 and int64",
                "IngestProfiles a NaN in a record of an unknown dataset",
                () -> call(world, world.owner(), rawMethod("IngestProfiles"), List.of(nanRecord))));
        byte[] tooMany = IngestRequest.newBuilder()
                .setDatasetId(world.dataSetId())
                .addAllRecords(java.util.Collections.nCopies(1001, Struct.getDefaultInstance()))
                .build()
                .toByteArray();
        cases.add(new Case(
                "gRPC: numbers at the edges of int32 and int64",
                "IngestProfiles 1,001 records",
                () -> call(world, world.owner(), rawMethod("IngestProfiles"), List.of(tooMany))));
        cases.add(new Case(
                "gRPC: numbers at the edges of int32 and int64",
                "StreamEvents 1,001 records",
                () -> call(world, world.owner(), rawMethod("StreamEvents"), List.of(tooMany))));
    }
}
