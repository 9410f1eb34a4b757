package io.segexport.server;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.MergePolicyRef;
import io.segexport.v1.Schema;
import io.segexport.v1.SegmentFilter;
import io.segexport.v1.SegmentQualificationTime;

/**
 * A small demo world, created through the public API like any client would: a few export jobs in
 * the demo org and sandbox. Seeding is skipped when the demo tenant already has jobs.
 */
final class DemoData {
    static final String ORG = "demo@AdobeOrg";
    static final String SANDBOX = "prod";
    static final String API_KEY = "segexport-demo";

    private DemoData() {}

    /** Seeds the demo tenant; returns how many jobs it created. */
    static int seed(Channel channel, String token) {
        ExportJobServiceBlockingStub jobs = ExportJobServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(token)));
        if (jobs.listExportJobs(ListExportJobsRequest.newBuilder().setLimit(1).build()).getRecordsCount() > 0) {
            return 0;
        }
        jobs.createExportJob(request(ExportJob.newBuilder()
                .setFields("identities.id,personalEmail.address")
                .setMergePolicy(MergePolicyRef.newBuilder().setId("timestampOrdered-none-mp").setVersion(1))
                .setFilter(ExportFilter.newBuilder()
                        .addSegments(SegmentFilter.newBuilder()
                                .setSegmentId("52c26d0d-45f2-47a2-ab30-ed06abc981ff").setSegmentNs("ups").addStatus("realized"))
                        .setSegmentQualificationTime(SegmentQualificationTime.newBuilder()
                                .setStartTime("2018-01-01T00:00:00Z").setEndTime("2018-02-01T00:00:00Z")))
                .setDestination(Destination.newBuilder().setDatasetId("5b7c86968f7b6501e21ba9df"))));
        jobs.createExportJob(request(ExportJob.newBuilder()
                .setFilter(ExportFilter.newBuilder()
                        .addSegments(SegmentFilter.newBuilder().setSegmentId("vip-customers"))
                        .addSegments(SegmentFilter.newBuilder().setSegmentId("lapsed-buyers").addStatus("exited")))
                .setDestination(Destination.newBuilder().setDatasetId("5b7c86968f7b6501e21ba9df").setSegmentPerBatch(true))));
        ExportJob cancelled = jobs.createExportJob(request(ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setDatasetId("5bb4c46757920712f924a3eb"))));
        jobs.cancelExportJob(CancelExportJobRequest.newBuilder().setId(cancelled.getId()).build());
        return 3;
    }

    private static CreateExportJobRequest request(ExportJob.Builder job) {
        return CreateExportJobRequest.newBuilder()
                .setExportJob(job.setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build();
    }

    private static Metadata headers(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), API_KEY);
        headers.put(Metadata.Key.of("x-gw-ims-org-id", Metadata.ASCII_STRING_MARSHALLER), ORG);
        headers.put(Metadata.Key.of("x-sandbox-name", Metadata.ASCII_STRING_MARSHALLER), SANDBOX);
        return headers;
    }
}
