package io.segexport.client;

import com.google.protobuf.Struct;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import io.segexport.v1.Batch;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.CatalogServiceGrpc;
import io.segexport.v1.CreateDataSetRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.CreateMergePolicyRequest;
import io.segexport.v1.CreateSegmentDefinitionRequest;
import io.segexport.v1.DataAccessServiceGrpc;
import io.segexport.v1.DataSet;
import io.segexport.v1.DataSetFile;
import io.segexport.v1.DeleteBatchRequest;
import io.segexport.v1.DeleteSegmentDefinitionRequest;
import io.segexport.v1.Entity;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetBatchRequest;
import io.segexport.v1.GetDataSetRequest;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.GetFileResponse;
import io.segexport.v1.GetMergePolicyRequest;
import io.segexport.v1.GetSegmentDefinitionRequest;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ListBatchFilesRequest;
import io.segexport.v1.ListDataSetsRequest;
import io.segexport.v1.ListDataSetsResponse;
import io.segexport.v1.ListExportJobsResponse;
import io.segexport.v1.ListMergePoliciesRequest;
import io.segexport.v1.ListMergePoliciesResponse;
import io.segexport.v1.ListSegmentDefinitionsRequest;
import io.segexport.v1.ListSegmentDefinitionsResponse;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.MergePolicyServiceGrpc;
import io.segexport.v1.ProfileServiceGrpc;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.ReadFileResponse;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SegmentDefinitionServiceGrpc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A client of one segexport server, for one caller (token, API key, org and sandbox): typed methods
 * for every RPC of the service. Thread-safe; make one and share it, and {@link #close()} it when
 * done. Build it with {@link #builder()}.
 *
 * <p>Every failed call throws a {@link SegexportException}. Reads ({@code get*}, {@code list*},
 * {@code getEntity}, data access, and a watch until its first message) are retried on
 * {@code UNAVAILABLE} under the builder's {@link RetryPolicy}; calls that change state
 * ({@code create*}, {@code cancelJob}, {@code delete*}, ingestion) are not, since a
 * retry could do them twice, or report a failure for what succeeded. Any call the server refused for
 * the client's request rate ({@code RESOURCE_EXHAUSTED} with a RetryInfo) did nothing: it is made
 * again after the wait the server asks for. A thread interrupted while it waits for the server gets
 * a {@code SegexportException} with code {@code CANCELLED}, its interrupt flag set.
 */
public final class SegexportClient implements AutoCloseable {
    /** Pages of listings the client follows itself: few calls, small messages. */
    private static final int PAGE_SIZE = 500;

    private final ManagedChannel channel;
    private final long deadlineNanos;
    private final Retrier retrier;
    private final ExportJobServiceGrpc.ExportJobServiceBlockingStub jobs;
    private final CatalogServiceGrpc.CatalogServiceBlockingStub catalog;
    private final MergePolicyServiceGrpc.MergePolicyServiceBlockingStub mergePolicies;
    private final SegmentDefinitionServiceGrpc.SegmentDefinitionServiceBlockingStub segmentDefinitions;
    private final ProfileServiceGrpc.ProfileServiceBlockingStub profiles;
    private final ProfileServiceGrpc.ProfileServiceStub profileStreams;
    private final DataAccessServiceGrpc.DataAccessServiceBlockingStub dataAccess;
    private final JobWatcher watcher;

    SegexportClient(ManagedChannel channel, TenantCredentials credentials, Duration deadline, RetryPolicy retry) {
        this.channel = channel;
        this.deadlineNanos = deadline.toNanos();
        this.retrier = new Retrier(retry, channel);
        this.jobs = ExportJobServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.catalog = CatalogServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.mergePolicies = MergePolicyServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.segmentDefinitions =
                SegmentDefinitionServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.profiles = ProfileServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.profileStreams = ProfileServiceGrpc.newStub(channel).withCallCredentials(credentials);
        this.dataAccess = DataAccessServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.watcher = new JobWatcher(jobs, retrier);
    }

    /** A builder of clients; see {@link ClientBuilder} for the settings. */
    public static ClientBuilder builder() {
        return new ClientBuilder();
    }

    // Export jobs

    /**
     * Creates an export job ({@code CreateExportJob}); it starts as {@code NEW}. Not retried after {@code UNAVAILABLE}.
     *
     * @param job the job: {@code destination.datasetId} (an existing dataset) and {@code schema.name}
     *            are required; output-only fields are ignored
     * @return the created job, with its id and the documented defaults filled in
     */
    public ExportJob createJob(ExportJob job) {
        return retrier.once(() -> unary(jobs)
                .createExportJob(
                        CreateExportJobRequest.newBuilder().setExportJob(job).build()));
    }

    /**
     * Returns an export job as it stands now ({@code GetExportJob}).
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no job of this id
     */
    public ExportJob getJob(long id) {
        return retrier.idempotent(() -> unary(jobs)
                .getExportJob(GetExportJobRequest.newBuilder().setId(id).build()));
    }

    /**
     * Returns one page of export jobs, newest first ({@code ListExportJobs}). To read the next page,
     * list again with {@code query.withOffset(response.getPage().getPageOffset())} while
     * {@code response.getLink().getNext()} is not empty; or let {@link #allJobs(JobQuery)} do it.
     */
    public ListExportJobsResponse listJobs(JobQuery query) {
        return retrier.idempotent(() -> unary(jobs).listExportJobs(query.toRequest()));
    }

    /**
     * Every export job, newest first, in pages of the server's default size fetched as the iterator
     * is read. The iterator's methods throw {@link SegexportException} when a page cannot be read.
     *
     * @param statusOrNull only jobs in this status; {@code null} for all
     */
    public Iterator<ExportJob> allJobs(ExportJobStatus statusOrNull) {
        return allJobs(JobQuery.firstPage().withStatus(statusOrNull));
    }

    /**
     * Every export job from the page {@code from} on, newest first, in pages of its limit and with
     * its status filter, fetched as the iterator is read.
     */
    public Iterator<ExportJob> allJobs(JobQuery from) {
        return new JobPages(this::listJobs, from);
    }

    /**
     * Cancels a job that has not ended (it ends as {@code CANCELLED}, its output discarded), or
     * deletes one that has ended (its exported data stays). Not retried after {@code UNAVAILABLE}.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no job of this id
     */
    public CancelExportJobResponse cancelJob(long id) {
        return retrier.once(() -> unary(jobs)
                .cancelExportJob(CancelExportJobRequest.newBuilder().setId(id).build()));
    }

    /**
     * Follows a job ({@code WatchExportJob}): a blocking iterator over the job's states, the current
     * one first, then one on every change of status or progress, ending after the state in which
     * the job has ended. The stream is opened again on {@code UNAVAILABLE} until its first state
     * arrives; after that, its failures (e.g. {@code NOT_FOUND} when the job is deleted,
     * {@code UNAVAILABLE} when the server stops) are thrown by the iterator's methods. It has no
     * deadline; to stop following early, make the call inside a cancellable {@link io.grpc.Context}
     * and cancel it.
     */
    public Iterator<ExportJob> watchJob(long id) {
        return watcher.watch(id);
    }

    /**
     * Waits until a job has ended; see {@link #awaitCompletion(long, Duration, Consumer)}.
     */
    public ExportJob awaitCompletion(long id, Duration timeout) throws TimeoutException {
        return awaitCompletion(id, timeout, job -> {});
    }

    /**
     * Waits until a job has ended, following it with {@code WatchExportJob}. Until the job has been
     * seen, an unavailable server is retried as for any read, within the retry policy's attempts.
     * Once it has been seen, a server that goes away meanwhile ({@code UNAVAILABLE}, e.g. while it
     * restarts) only interrupts the watch: the job is watched again, with the policy's backoff, until
     * the timeout; a policy of one attempt ({@link RetryPolicy#NONE}) throws at once instead.
     *
     * @param onUpdate gets each state of the job as it arrives, the ended one included, e.g. to
     *                 show progress; runs on the calling thread
     * @return the job as it ended: {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}; the
     *         caller looks at its status
     * @throws TimeoutException   when the job has not ended within {@code timeout}; its cause is the
     *                            {@code UNAVAILABLE} failure when the server was out of reach at the end
     * @throws SegexportException e.g. {@code NOT_FOUND} when there is no such job, or it was deleted;
     *                            {@code UNAVAILABLE} when the server could not be reached at all
     */
    public ExportJob awaitCompletion(long id, Duration timeout, Consumer<ExportJob> onUpdate) throws TimeoutException {
        return watcher.await(id, timeout, onUpdate);
    }

    // Catalog

    /**
     * Creates a dataset ({@code CreateDataSet}). Not retried after {@code UNAVAILABLE}.
     *
     * @param dataSet the dataset: {@code name} and {@code schemaRef.id} are required
     * @return the new dataset's id
     */
    public String createDataSet(DataSet dataSet) {
        String ref = retrier.once(() -> unary(catalog)
                        .createDataSet(CreateDataSetRequest.newBuilder()
                                .setDataSet(dataSet)
                                .build()))
                .getRefs(0);
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /**
     * Returns a dataset ({@code GetDataSet}).
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no dataset of this id
     */
    public DataSet getDataSet(String id) {
        return retrier.idempotent(() -> unary(catalog)
                        .getDataSet(GetDataSetRequest.newBuilder().setId(id).build()))
                .getDataSetsOrThrow(id);
    }

    /** Returns every dataset of the caller, in id order, following the pages of {@code ListDataSets}. */
    public List<DataSet> listDataSets() {
        List<DataSet> all = new ArrayList<>();
        String start = "";
        while (true) {
            ListDataSetsRequest request = ListDataSetsRequest.newBuilder()
                    .setLimit(PAGE_SIZE)
                    .setStart(start)
                    .build();
            ListDataSetsResponse page = retrier.idempotent(() -> unary(catalog).listDataSets(request));
            // A map on the wire: its order is not promised, ids are.
            TreeMap<String, DataSet> byId = new TreeMap<>(page.getDataSetsMap());
            all.addAll(byId.values());
            if (byId.size() < PAGE_SIZE) {
                return all;
            }
            start = byId.lastKey();
        }
    }

    /**
     * Returns a batch ({@code GetBatch}); a batch exists once the job that writes it has succeeded.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no such batch
     */
    public Batch getBatch(String id) {
        return retrier.idempotent(() -> unary(catalog)
                        .getBatch(GetBatchRequest.newBuilder().setId(id).build()))
                .getBatchesOrThrow(id);
    }

    /**
     * Deletes a batch ({@code DeleteBatch}): its record and its files, exported or ingested alike. Not
     * retried after {@code UNAVAILABLE}: a retry after a lost answer would find the batch gone and
     * throw {@code NOT_FOUND} for a delete that succeeded.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no such batch, and
     *     {@code FAILED_PRECONDITION} when it is still loading, processing or being reverted
     */
    public void deleteBatch(String id) {
        retrier.once(() -> unary(catalog)
                .deleteBatch(DeleteBatchRequest.newBuilder().setId(id).build()));
    }

    // Merge policies

    /**
     * Creates a merge policy ({@code CreateMergePolicy}). Not retried after {@code UNAVAILABLE}.
     *
     * @return the created policy, with the id the server gave it
     */
    public MergePolicy createMergePolicy(MergePolicy policy) {
        return retrier.once(() -> unary(mergePolicies)
                .createMergePolicy(CreateMergePolicyRequest.newBuilder()
                        .setMergePolicy(policy)
                        .build()));
    }

    /**
     * Returns a merge policy ({@code GetMergePolicy}), the built-in {@code timestampOrdered-none-mp}
     * included.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no policy of this id
     */
    public MergePolicy getMergePolicy(String id) {
        return retrier.idempotent(() -> unary(mergePolicies)
                .getMergePolicy(GetMergePolicyRequest.newBuilder().setId(id).build()));
    }

    /**
     * Returns every merge policy of the caller, the built-in one first, following the pages of
     * {@code ListMergePolicies}.
     */
    public List<MergePolicy> listMergePolicies() {
        List<MergePolicy> all = new ArrayList<>();
        String start = "";
        do {
            ListMergePoliciesRequest request = ListMergePoliciesRequest.newBuilder()
                    .setLimit(PAGE_SIZE)
                    .setStart(start)
                    .build();
            ListMergePoliciesResponse page =
                    retrier.idempotent(() -> unary(mergePolicies).listMergePolicies(request));
            all.addAll(page.getChildrenList());
            start = page.getPage().getNext();
        } while (!start.isEmpty());
        return all;
    }

    // Segment definitions

    /**
     * Creates a segment definition ({@code CreateSegmentDefinition}). Not retried after {@code UNAVAILABLE}.
     *
     * @param definition the definition: {@code name}, {@code schema.name} ({@code _xdm.context.profile})
     *                   and {@code expression} ({@code PQL}, {@code pql/text}, the text) are required;
     *                   {@code mergePolicyId} is the built-in policy when not given
     * @return the created definition, with its id (a segment id of namespace {@code ups})
     * @throws SegexportException with {@code INVALID_ARGUMENT} naming the field at fault; an expression
     *                            that does not parse gives the position (a 0-based character offset)
     *                            and what was expected there
     */
    public SegmentDefinition createSegmentDefinition(SegmentDefinition definition) {
        return retrier.once(() -> unary(segmentDefinitions)
                .createSegmentDefinition(CreateSegmentDefinitionRequest.newBuilder()
                        .setSegmentDefinition(definition)
                        .build()));
    }

    /**
     * Returns a segment definition ({@code GetSegmentDefinition}).
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no definition of this id
     */
    public SegmentDefinition getSegmentDefinition(String id) {
        return retrier.idempotent(() -> unary(segmentDefinitions)
                .getSegmentDefinition(
                        GetSegmentDefinitionRequest.newBuilder().setId(id).build()));
    }

    /**
     * Returns every segment definition of the caller, in id order, following the pages of
     * {@code ListSegmentDefinitions}.
     */
    public List<SegmentDefinition> listSegmentDefinitions() {
        List<SegmentDefinition> all = new ArrayList<>();
        String start = "";
        do {
            ListSegmentDefinitionsRequest request = ListSegmentDefinitionsRequest.newBuilder()
                    .setLimit(PAGE_SIZE)
                    .setStart(start)
                    .build();
            ListSegmentDefinitionsResponse page =
                    retrier.idempotent(() -> unary(segmentDefinitions).listSegmentDefinitions(request));
            all.addAll(page.getSegmentsList());
            start = page.getPage().getNext();
        } while (!start.isEmpty());
        return all;
    }

    /**
     * Deletes a segment definition ({@code DeleteSegmentDefinition}); jobs already running keep the
     * expression they read. Not retried after {@code UNAVAILABLE}: a retry after a lost answer would
     * find the definition gone and throw {@code NOT_FOUND} for a delete that succeeded.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no definition of this id
     */
    public void deleteSegmentDefinition(String id) {
        retrier.once(() -> unary(segmentDefinitions)
                .deleteSegmentDefinition(
                        DeleteSegmentDefinitionRequest.newBuilder().setId(id).build()));
    }

    // Ingestion

    /**
     * Ingests profile records in one call ({@code IngestProfiles}); records that break the rules are
     * rejected one by one, the others kept. Not retried after {@code UNAVAILABLE}. For more than 1,000
     * records, use {@link #importProfiles(String)}.
     *
     * @return how many records were kept, and which were rejected (by index in {@code records}) and why
     */
    public IngestResponse ingestProfiles(String datasetId, List<Struct> records) {
        return retrier.once(() -> unary(profiles).ingestProfiles(ingestRequest(datasetId, records)));
    }

    /**
     * Ingests ExperienceEvent records in one call ({@code IngestEvents}), as
     * {@link #ingestProfiles(String, List)} does profile records.
     */
    public IngestResponse ingestEvents(String datasetId, List<Struct> records) {
        return retrier.once(() -> unary(profiles).ingestEvents(ingestRequest(datasetId, records)));
    }

    /** Starts a streaming import of profile records ({@code StreamProfiles}) into a dataset. */
    public RecordImporter importProfiles(String datasetId) {
        return new RecordImporter(datasetId, profileStreams::streamProfiles);
    }

    /** Starts a streaming import of ExperienceEvent records ({@code StreamEvents}) into a dataset. */
    public RecordImporter importEvents(String datasetId) {
        return new RecordImporter(datasetId, profileStreams::streamEvents);
    }

    // Profiles

    /**
     * Returns the profile that has an identity, merged under the built-in merge policy
     * ({@code GetEntities}).
     *
     * @param id        the identity's id, e.g. {@code a@example.com}
     * @param namespace the identity's namespace code, e.g. {@code email}
     * @return the profile, or empty when no profile has that identity
     */
    public Optional<Entity> getEntity(String id, String namespace) {
        return getEntity(id, namespace, "");
    }

    /**
     * Returns the profile that has an identity, merged under a merge policy ({@code GetEntities}).
     *
     * @param mergePolicyId the merge policy's id; {@code ""} for the built-in one
     * @return the profile, or empty when no profile has that identity
     */
    public Optional<Entity> getEntity(String id, String namespace, String mergePolicyId) {
        GetEntitiesRequest request = GetEntitiesRequest.newBuilder()
                .setEntityId(id)
                .setEntityIdNs(namespace)
                .setMergePolicyId(mergePolicyId)
                .build();
        try {
            return Optional.ofNullable(retrier.idempotent(() -> unary(profiles).getEntities(request))
                    .getEntitiesMap()
                    .get(id));
        } catch (SegexportException e) {
            if (e.code() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // Data access

    /**
     * Returns the dataset files of a batch ({@code ListBatchFiles}): the one whose id is the batch's.
     *
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no such batch
     */
    public List<DataSetFile> listBatchFiles(String batchId) {
        return retrier.idempotent(() -> unary(dataAccess)
                        .listBatchFiles(ListBatchFilesRequest.newBuilder()
                                .setBatchId(batchId)
                                .build()))
                .getDataList();
    }

    /**
     * Returns the first page of the files of a dataset file ({@code GetFile}), in name order.
     *
     * @param dataSetFileId the dataset file's id (its batch's id)
     */
    public GetFileResponse getFile(String dataSetFileId) {
        return getFile(dataSetFileId, "");
    }

    /**
     * Returns the page of the files of a dataset file after the file named {@code startAfter}
     * ({@code GetFile}); a page with fewer files than {@code page.limit} is the last.
     *
     * @param startAfter the last name of the previous page; {@code ""} for the first page
     */
    public GetFileResponse getFile(String dataSetFileId, String startAfter) {
        GetFileRequest request = GetFileRequest.newBuilder()
                .setDataSetFileId(dataSetFileId)
                .setStart(startAfter)
                .build();
        return retrier.idempotent(() -> unary(dataAccess).getFile(request));
    }

    /**
     * Streams one file of a dataset file into {@code out} ({@code ReadFile}); the stream is opened
     * again on {@code UNAVAILABLE} until its first chunk arrives. {@code out} is neither flushed nor
     * closed.
     *
     * @param dataSetFileId the dataset file's id (its batch's id)
     * @param path          the file's name, as {@link #getFile(String)} lists it
     * @return how many bytes were written to {@code out}
     * @throws IOException when writing to {@code out} fails, or the stream ends short of what it
     *                     announced
     */
    public long readFile(String dataSetFileId, String path, OutputStream out) throws IOException {
        return readFile(dataSetFileId, path, out, written -> {});
    }

    /** {@link #readFile(String, String, OutputStream)}, telling {@code progress} the bytes written after each chunk. */
    long readFile(String dataSetFileId, String path, OutputStream out, LongConsumer progress) throws IOException {
        ReadFileRequest request = ReadFileRequest.newBuilder()
                .setDataSetFileId(dataSetFileId)
                .setPath(path)
                .build();
        // Cancels the stream if writing fails; it would otherwise stay open on the server.
        try (CallScope scope = CallScope.open()) {
            Iterator<ReadFileResponse> chunks = retrier.openStream(() -> dataAccess.readFile(request));
            long announced = -1;
            long written = 0;
            while (chunks.hasNext()) {
                ReadFileResponse chunk = chunks.next();
                if (chunk.hasReadLength()) {
                    announced = chunk.getReadLength();
                }
                chunk.getData().writeTo(out);
                written += chunk.getData().size();
                progress.accept(written);
            }
            if (announced >= 0 && written != announced) {
                throw new IOException("reading " + path + " of " + dataSetFileId + " ended after " + written + " of "
                        + announced + " bytes");
            }
            return written;
        }
    }

    /**
     * Downloads every file of a batch into a folder, creating it if needed. Each file is written
     * under a temporary name and moved into place once complete, so a file of the batch's name in
     * {@code dir} is always whole; one of the same name already there is replaced.
     *
     * @param batchId    the batch, of a job that has succeeded
     * @param dir        the folder to write into
     * @param bytesSoFar gets the bytes written so far, over all files, after each chunk
     * @return {@code dir}
     * @throws IOException        when a file cannot be written
     * @throws SegexportException with {@code NOT_FOUND} when the caller has no such batch
     */
    public Path downloadBatch(String batchId, Path dir, LongConsumer bytesSoFar) throws IOException {
        new BatchDownloader(this, dir, bytesSoFar).download(batchId);
        return dir;
    }

    /** Shuts the channel down, waiting a few seconds for calls in flight, then cancelling them. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The stub with the deadline of one attempt, counted from now. */
    private <S extends AbstractStub<S>> S unary(S stub) {
        return stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
    }

    private static IngestRequest ingestRequest(String datasetId, List<Struct> records) {
        return IngestRequest.newBuilder()
                .setDatasetId(datasetId)
                .addAllRecords(records)
                .build();
    }
}
