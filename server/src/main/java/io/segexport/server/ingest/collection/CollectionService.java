package io.segexport.server.ingest.collection;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.ingest.IngestDestination;
import io.segexport.server.ingest.batches.FileBatches;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Texts;
import io.segexport.v1.CollectionServiceGrpc;
import io.segexport.v1.DataSet;
import io.segexport.v1.MessageHeader;
import io.segexport.v1.MessageStatus;
import io.segexport.v1.SendMessageRequest;
import io.segexport.v1.SendMessageResponse;
import io.segexport.v1.SendMessagesRequest;
import io.segexport.v1.SendMessagesResponse;
import io.segexport.v1.StreamingMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming ingestion: each message is checked whole (its header against the caller and the
 * dataset, its record as ingestion reads it) before anything is written; the good ones are then
 * written, those to Profile datasets to the profile writes before the answer (the embedded store,
 * or a cluster's ingest topic), the others as one batch of their dataset each.
 */
public final class CollectionService extends CollectionServiceGrpc.CollectionServiceImplBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Records<DataSet> dataSets;
    private final ProfileWrites writes;
    private final FileBatches batches;
    /** The path streamed messages are counted under. */
    private static final String PATH = "collection";

    private final Clock clock;
    private final IngestMeter meter;

    public CollectionService(
            Records<DataSet> dataSets, ProfileWrites writes, FileBatches batches, Clock clock, IngestMeter meter) {
        this.dataSets = dataSets;
        this.writes = writes;
        this.batches = batches;
        this.clock = clock;
        this.meter = meter;
    }

    /** A message that passed every check: its dataset, its record read for the store (or null), its JSON. */
    private record Checked(String datasetId, RepeatableIngestion.Prepared prepared, byte[] json) {}

    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
        Unary.respond(response, () -> {
            String inlet = ResourceIds.check("connectionId", request.getConnectionId());
            if (!request.hasMessage()) {
                throw ServiceErrors.invalidArgument("header", "is required: the body is no XDM message");
            }
            long now = clock.millis();
            Checked message = check(tenant(), request.getMessage(), "", now);
            String call = now + ":" + RANDOM.nextInt(10_000);
            write(tenant(), inlet, List.of(message));
            meter.counted(PATH, 1, 0);
            return SendMessageResponse.newBuilder()
                    .setInletId(inlet)
                    .setXactionId(call + ":0")
                    .setReceivedTimeMs(now)
                    .build();
        });
    }

    @Override
    public void sendMessages(SendMessagesRequest request, StreamObserver<SendMessagesResponse> response) {
        Unary.respond(response, () -> {
            String inlet = ResourceIds.check("connectionId", request.getConnectionId());
            int max = Limits.current().ingestRecords();
            if (request.getMessagesCount() == 0) {
                throw ServiceErrors.invalidArgument("messages", "must hold at least one message");
            }
            if (request.getMessagesCount() > max) {
                throw ServiceErrors.invalidArgument(
                        "messages",
                        "holds more than " + max + " messages (the " + Limit.INGEST_RECORDS.flagName() + " limit)");
            }
            Tenant tenant = tenant();
            long now = clock.millis();
            String call = now + ":" + RANDOM.nextInt(10_000);
            List<Checked> good = new ArrayList<>();
            List<MessageStatus> statuses = new ArrayList<>();
            for (int i = 0; i < request.getMessagesCount(); i++) {
                MessageStatus.Builder status = MessageStatus.newBuilder().setXactionId(call + ":" + i);
                try {
                    good.add(check(tenant, request.getMessages(i), "messages[" + i + "].", now));
                } catch (StatusRuntimeException e) {
                    status.setStatus(400).setMessage(e.getStatus().getDescription());
                }
                statuses.add(status.build());
            }
            String batchId = write(tenant, inlet, good);
            meter.counted(PATH, good.size(), request.getMessagesCount() - good.size());
            CallContext.addResponseHeader("x-segexport-status", "207");
            return SendMessagesResponse.newBuilder()
                    .setInletId(inlet)
                    .setBatchId(batchId != null ? batchId : call)
                    .setReceivedTimeMs(now)
                    .addAllResponses(statuses)
                    .build();
        });
    }

    /** Every check of one message; a 400 naming its field ({@code path} prefixes the names) otherwise. */
    private Checked check(Tenant tenant, StreamingMessage message, String path, long now) {
        if (!message.hasHeader()) {
            throw ServiceErrors.invalidArgument(path + "header", "is required");
        }
        MessageHeader header = message.getHeader();
        if (header.getImsOrgId().isEmpty()) {
            throw ServiceErrors.invalidArgument(path + "header.imsOrgId", "is required");
        }
        if (!header.getImsOrgId().equals(tenant.orgId())) {
            throw ServiceErrors.invalidArgument(
                    path + "header.imsOrgId",
                    "must be the caller's org (x-gw-ims-org-id), not \"" + Texts.shorten(header.getImsOrgId()) + "\"");
        }
        String datasetId = ResourceIds.check(path + "header.datasetId", header.getDatasetId());
        DataSet dataSet = dataSets.get(tenant, datasetId)
                .orElseThrow(() -> ServiceErrors.invalidArgument(
                        path + "header.datasetId", "names no dataset of this org and sandbox: " + datasetId));
        String schema = header.getSchemaRef().getId();
        if (schema.isEmpty()) {
            throw ServiceErrors.invalidArgument(path + "header.schemaRef.id", "is required");
        }
        if (!schema.equals(dataSet.getSchemaRef().getId())) {
            throw ServiceErrors.invalidArgument(
                    path + "header.schemaRef.id",
                    "must be the schema of dataset " + datasetId + ", "
                            + dataSet.getSchemaRef().getId() + ", not \"" + Texts.shorten(schema) + "\"");
        }
        if (!message.getBody().hasXdmEntity()) {
            throw ServiceErrors.invalidArgument(path + "body.xdmEntity", "is required");
        }
        IngestDestination destination = IngestDestination.of(dataSet);
        if (destination == IngestDestination.FILES) {
            return new Checked(datasetId, null, json(message));
        }
        String recordPath = path + "body.xdmEntity";
        RepeatableIngestion.Prepared prepared = RepeatableIngestion.prepare(
                destination.kind(),
                datasetId,
                "",
                List.of(message.getBody().getXdmEntity().toByteArray()),
                now,
                recordPath);
        if (!prepared.rejections().isEmpty()) {
            throw ServiceErrors.invalidField(
                    recordPath, prepared.rejections().get(0).message());
        }
        return new Checked(datasetId, prepared, json(message));
    }

    /**
     * Writes checked messages: to the profile store a dataset at a time, or as one new batch of each
     * dataset that keeps files only, named for the connection. Answers the id of such a batch, when there is one.
     */
    private String write(Tenant tenant, String inlet, List<Checked> messages) {
        Map<String, List<Checked>> byDataSet = new LinkedHashMap<>();
        messages.forEach(message -> byDataSet
                .computeIfAbsent(message.datasetId(), id -> new ArrayList<>())
                .add(message));
        String batchId = null;
        for (Map.Entry<String, List<Checked>> entry : byDataSet.entrySet()) {
            List<Checked> ofDataSet = entry.getValue();
            if (ofDataSet.get(0).prepared() == null) {
                ByteArrayOutputStream lines = new ByteArrayOutputStream();
                ofDataSet.forEach(message -> {
                    lines.writeBytes(message.json());
                    lines.write('\n');
                });
                batchId = batches.submit(tenant, entry.getKey(), inlet + ".json", lines.toByteArray());
            } else {
                RepeatableIngestion.write(
                        writes,
                        tenant,
                        RepeatableIngestion.Prepared.combined(
                                ofDataSet.stream().map(Checked::prepared).toList()));
            }
        }
        return batchId;
    }

    /** The message's record as compact JSON, as a batch file holds it. */
    private static byte[] json(StreamingMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gen = ProtoJsonWriter.generator(out)) {
            ProtoJsonWriter.writeStruct(message.getBody().getXdmEntity(), gen, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
