package io.segexport.server;

import com.google.protobuf.Struct;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.segexport.json.ProtoJsonReader;
import io.segexport.server.profiles.ingest.Ingestion;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.segments.SegmentDefinitionService;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.ProfileServiceGrpc;
import io.segexport.v1.Schema;
import io.segexport.v1.SchemaRef;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SegmentSandbox;
import io.segexport.v1.WatchExportJobRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The world of the documentation page, so that its requests succeed verbatim: its org and sandbox,
 * its two datasets, and synthetic profiles, memberships of its segment and events; and three
 * segment definitions over those profiles, for jobs that evaluate segments; then the documented
 * export job. Profiles and the job go in through the public gRPC API; the events through the same
 * ingestion, stamped {@link #EVENTS_INGESTED}; the datasets, whose ids the page fixes, and the
 * definitions, whose ids the demo names, are stored directly. Seeding happens once: a tenant that
 * has the page's dataset is left alone.
 */
final class DemoData {
    static final String ORG = "1BD6382559DF0C130A49422D@AdobeOrg";
    static final String SANDBOX = "prod";
    static final String API_KEY = "segexport-demo";
    static final String DATASET = "5b7c86968f7b6501e21ba9df";
    static final String OTHER_DATASET = "5bb4c46757920712f924a3eb";
    static final String SEGMENT = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
    static final int PROFILES = 10_000;
    static final int EVENTS = PROFILES / 10 * 3;
    private static final int CHUNK = 1000;
    private static final String[] STATUSES = {"realized", "existing", "exited"};
    private static final String[] CITIES = {"San Jose", "Boston", "Austin", "Denver"};
    private static final String[] TIERS = {"gold", "silver", "bronze"};
    /** Segment definitions over the demo profiles, by fixed id, so that jobs and tests can name them. */
    static final String GOLD_IN_SAN_JOSE = "9d1f1c2e-0b7a-4c55-9a8e-0c1f7e3b5a01";

    static final String PAGE_THREE_VIEWERS = "9d1f1c2e-0b7a-4c55-9a8e-0c1f7e3b5a02";
    static final String HIGH_POINTS = "9d1f1c2e-0b7a-4c55-9a8e-0c1f7e3b5a03";
    private static final List<SegmentDefinition> DEFINITIONS = List.of(
            definition(
                    GOLD_IN_SAN_JOSE,
                    "Gold members in San Jose",
                    "loyalty.tier = \"gold\" and homeAddress.city = \"San Jose\""),
            definition(
                    PAGE_THREE_VIEWERS,
                    "Viewers of page 3",
                    "xEvent.any(eventType = \"web.webpagedetails.pageViews\" and web.webPageDetails.name = \"page 3\")"),
            definition(
                    HIGH_POINTS,
                    "900 points or more, with an email",
                    "loyalty.points >= 900 and personalEmail.address.endsWith(\"@example.com\")"));

    /** The documentation's create request, verbatim: examples/export-request.json, packaged with the server. */
    static final String DOCUMENTED_REQUEST = resource("/examples/export-request.json");
    /**
     * When the demo's events count as ingested: inside the documented request's event window (2018
     * to 2020), so that its rows show them. The API stamps what it ingests with the server's clock.
     */
    static final Instant EVENTS_INGESTED = Instant.parse("2019-06-01T00:00:00Z");
    /** How long seeding waits for the documented job to end. */
    private static final Duration JOB_WAIT = Duration.ofMinutes(10);

    private DemoData() {}

    /**
     * Seeds the demo world and, when {@code awaitJob}, waits until the documented job has ended;
     * returns that job as it stands then, or nothing when the world was already there.
     */
    static Optional<ExportJob> seed(
            Records<DataSet> dataSets,
            SegmentDefinitionStore definitions,
            ProfileStore profileStore,
            Channel channel,
            String token,
            long now,
            boolean awaitJob)
            throws InterruptedException {
        Tenant tenant = new Tenant(ORG, SANDBOX);
        if (dataSets.get(tenant, DATASET).isPresent()) {
            return Optional.empty();
        }
        dataSets.put(tenant, DATASET, dataSet(DATASET, "Segment exports", now));
        dataSets.put(tenant, OTHER_DATASET, dataSet(OTHER_DATASET, "AAM segment exports", now));
        for (SegmentDefinition definition : DEFINITIONS) {
            definitions.create(
                    tenant,
                    definition.toBuilder()
                            .setImsOrgId(ORG)
                            .setSandbox(SegmentSandbox.newBuilder().setSandboxName(SANDBOX))
                            .setCreationTime(now)
                            .setUpdateTime(now)
                            .build());
        }
        var headers = MetadataUtils.newAttachHeadersInterceptor(headers(token));
        stream(
                ProfileServiceGrpc.newStub(channel).withInterceptors(headers)::streamProfiles,
                PROFILES,
                DemoData::profile);
        Ingestion pastIngestion = new Ingestion(profileStore, dataSets, Clock.fixed(EVENTS_INGESTED, ZoneOffset.UTC));
        chunks(EVENTS, DemoData::event).forEachRemaining(chunk -> {
            IngestResponse ingested = pastIngestion.events(tenant, chunk);
            if (ingested.getRejectedTotal() > 0) {
                throw new IllegalStateException("the demo's events were refused: " + ingested.getRejectedList());
            }
        });
        var jobs = ExportJobServiceGrpc.newBlockingStub(channel).withInterceptors(headers);
        ExportJob job = jobs.createExportJob(CreateExportJobRequest.newBuilder()
                .setExportJob(read(DOCUMENTED_REQUEST, ExportJob.getDefaultInstance()))
                .build());
        if (!awaitJob) {
            return Optional.of(job);
        }
        Iterator<ExportJob> states = jobs.withDeadlineAfter(JOB_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .watchExportJob(
                        WatchExportJobRequest.newBuilder().setId(job.getId()).build());
        while (states.hasNext()) {
            job = states.next();
        }
        return Optional.of(job);
    }

    private static SegmentDefinition definition(String id, String name, String pql) {
        return SegmentDefinition.newBuilder()
                .setId(id)
                .setName(name)
                .setProfileInstanceId(SegmentDefinitionService.PROFILE_INSTANCE)
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .setExpression(PqlExpression.newBuilder()
                        .setType("PQL")
                        .setFormat("pql/text")
                        .setValue(pql))
                .setMergePolicyId("timestampOrdered-none-mp")
                .build();
    }

    private static DataSet dataSet(String id, String name, long now) {
        return DataSet.newBuilder()
                .setId(id)
                .setName(name)
                .setImsOrg(ORG)
                .setCreated(now)
                .setUpdated(now)
                .setSchemaRef(SchemaRef.newBuilder()
                        .setId("https://ns.adobe.com/xdm/context/profile")
                        .setContentType("application/vnd.adobe.xed+json;version=1"))
                .build();
    }

    /** A synthetic profile: two identities, attributes, and most of them in the page's segment. */
    private static String profile(int i) {
        String membership = i % 4 == 3
                ? ""
                : ", \"segmentMembership\": {\"ups\": {\"" + SEGMENT + "\": {\"status\": \""
                        + STATUSES[i % 3] + "\", \"lastQualificationTime\": \"" + qualified(i) + "\"}}"
                        + (i % 5 == 0
                                ? ", \"AAM\": {\"" + SEGMENT
                                        + "\": {\"status\": \"realized\", \"lastQualificationTime\": \""
                                        + qualified(i + 1) + "\"}}"
                                : "")
                        + "}";
        return "{\"identityMap\": {\"email\": [{\"id\": \"user" + i + "@example.com\", \"primary\": true}],"
                + " \"ECID\": [{\"id\": \"" + (10_000_000 + i) + "\"}]},"
                + " \"personalEmail\": {\"address\": \"user" + i + "@example.com\"},"
                + " \"person\": {\"name\": {\"firstName\": \"First" + i + "\", \"lastName\": \"Last" + i + "\"}},"
                + " \"homeAddress\": {\"city\": \"" + CITIES[i % CITIES.length] + "\"},"
                + " \"loyalty\": {\"tier\": \"" + TIERS[i % TIERS.length] + "\", \"points\": " + (i * 37 % 1000) + "},"
                + " \"timestamp\": \"" + qualified(i) + "\"" + membership + "}";
    }

    /** Three events for every tenth profile; those past the profiles are identities with events only. */
    private static String event(int n) {
        int person = n / 3 * 10 + (n % 3 == 0 ? 0 : 1) * PROFILES;
        return "{\"identityMap\": {\"email\": [{\"id\": \"user" + person + "@example.com\", \"primary\": true}]},"
                + " \"_id\": \"event-" + n + "\", \"timestamp\": \"" + qualified(n) + "\","
                + " \"eventType\": \"web.webpagedetails.pageViews\", \"web\": {\"webPageDetails\": {\"name\": \"page "
                + n % 7 + "\"}}}";
    }

    /** Qualification times spread over the two months around January 2018. */
    private static String qualified(int i) {
        return Instant.parse("2017-12-15T00:00:00Z")
                .plusSeconds((i * 7919L) % (62L * 24 * 3600))
                .toString();
    }

    /** Streams {@code count} records made by {@code record}, a thousand a message. */
    private static void stream(IngestStreams.Call<IngestRequest> call, int count, IntFunction<String> record)
            throws InterruptedException {
        IngestStreams.send(call, chunks(count, record), Duration.ofMinutes(5));
    }

    /** {@code count} records made by {@code record}, a thousand a request. */
    private static Iterator<IngestRequest> chunks(int count, IntFunction<String> record) {
        return IntStream.iterate(0, start -> start < count, start -> start + CHUNK)
                .mapToObj(start -> {
                    IngestRequest.Builder chunk = IngestRequest.newBuilder().setDatasetId(DATASET);
                    IntStream.range(start, Math.min(count, start + CHUNK))
                            .forEach(i -> chunk.addRecords(struct(record.apply(i))));
                    return chunk.build();
                })
                .iterator();
    }

    private static String resource(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not packaged with the server");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Struct struct(String json) {
        return read(json, Struct.getDefaultInstance());
    }

    private static <T extends com.google.protobuf.Message> T read(String json, T prototype) {
        try {
            return ProtoJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), prototype);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
