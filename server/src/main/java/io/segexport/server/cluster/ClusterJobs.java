package io.segexport.server.cluster;

import io.segexport.server.cluster.CommandReplies.Reply;
import io.segexport.server.cluster.stored.JobCommand;
import io.segexport.server.cluster.stored.JobRunState;
import io.segexport.server.jobs.ExportJobs;
import io.segexport.server.jobs.JobCursor;
import io.segexport.server.jobs.JobKeys;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The cluster's export jobs, as any node serves them: reads from this node's global store, once it
 * has every record written before the read ({@link ClusterRecords}); changes as commands to the job
 * ledger ({@link JobLedger}), the one writer of jobs, answered once this node's store has applied
 * the ledger's answer. Ids come from the ledger, in the order of its commands: unique and
 * increasing across the cluster.
 */
public final class ClusterJobs implements ExportJobs {
    /** A job that has not ended, with its tenant: the coordinator's and exporters' queue. */
    record Active(byte[] tenantKey, ExportJob job) {
        Tenant tenant() {
            return Keys.tenantOf(tenantKey);
        }

        /** The job's key in the store: its tenant and id. */
        String key() {
            return HexFormat.of().formatHex(GlobalKeys.job(tenantKey, job.getId()));
        }
    }

    private final ClusterRecords records;
    private final GlobalJobs jobs;
    private final LedgerCommands ledger;

    ClusterJobs(ClusterRecords records, GlobalJobs jobs, LedgerCommands ledger) {
        this.records = records;
        this.jobs = jobs;
        this.ledger = ledger;
    }

    @Override
    public ExportJob create(Tenant tenant, ExportJob.Builder job) {
        Reply reply = ledger.ask(command(tenant, 0).setCreate(job.clearId()), "create a job");
        return parse(reply.value());
    }

    @Override
    public Optional<ExportJob> get(Tenant tenant, long id) {
        return Optional.ofNullable(
                parse(records.read("read job " + id).get(Bytes.wrap(GlobalKeys.job(Keys.tenant(tenant), id)))));
    }

    @Override
    public Optional<Cancelled> cancel(Tenant tenant, long id, long now) {
        Reply reply = ledger.ask(command(tenant, id).setCancelAt(now), "cancel job " + id);
        return reply.outcome().equals(JobLedger.ABSENT)
                ? Optional.empty()
                : Optional.of(Cancelled.valueOf(reply.outcome()));
    }

    @Override
    public KeysetPage<ExportJob> list(Tenant tenant, Optional<ExportJobStatus> status, JobCursor after, int limit) {
        byte[] tenantKey = Keys.tenant(tenant);
        byte[] prefix = status.map(
                        s -> GlobalKeys.of(GlobalKeys.kind(Family.JOBS_BY_STATUS), JobKeys.statusPrefix(tenantKey, s)))
                .orElse(GlobalKeys.of(GlobalKeys.kind(Family.JOBS_BY_TIME), tenantKey));
        byte[] afterKey = after == null ? null : JobKeys.byTime(prefix, after.creationTime(), after.id());
        ReadOnlyKeyValueStore<Bytes, byte[]> store = records.read("list jobs");
        List<ExportJob> page = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(afterKey == null ? prefix : afterKey), null)) {
            while (it.hasNext() && page.size() <= limit) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (!Keys.startsWith(entry.key.get(), prefix)) {
                    break;
                }
                if (afterKey != null && Arrays.equals(entry.key.get(), afterKey)) {
                    continue;
                }
                ExportJob job = parse(store.get(Bytes.wrap(GlobalKeys.job(tenantKey, JobKeys.idOf(entry.key.get())))));
                if (job != null) {
                    page.add(job);
                }
            }
        }
        return KeysetPage.ofOneMore(page, limit);
    }

    @Override
    public <T> T readThenListen(Tenant tenant, long id, Function<Optional<ExportJob>, T> reader) {
        records.awaitEnd("read job " + id);
        byte[] key = GlobalKeys.job(Keys.tenant(tenant), id);
        return jobs.underLock(
                () -> reader.apply(Optional.ofNullable(parse(records.store().get(Bytes.wrap(key))))));
    }

    /** Every job not yet ended, of every tenant, oldest first, as this node's store holds them now. */
    List<Active> active() {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = records.store();
        List<Active> active = new ArrayList<>();
        byte[] queue = GlobalKeys.kind(Family.JOBS_ACTIVE);
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(Bytes.wrap(queue), ClusterRecords.PREFIXES)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                byte[] tenantKey = entry.value;
                long id = JobKeys.idOfActive(Arrays.copyOfRange(entry.key.get(), queue.length, entry.key.get().length));
                ExportJob job = parse(store.get(Bytes.wrap(GlobalKeys.job(tenantKey, id))));
                if (job != null) {
                    active.add(new Active(tenantKey, job));
                }
            }
        }
        return active;
    }

    /** The state of the job's run, as this node's store holds it now. */
    Optional<JobRunState> run(byte[] tenantKey, long id) {
        return Optional.ofNullable(StoredValues.parse(
                JobRunState.parser(), records.store().get(Bytes.wrap(GlobalKeys.run(tenantKey, id))), "run"));
    }

    /** Whether the job is PROCESSING in this attempt, as this node's store holds it now. */
    boolean running(byte[] tenantKey, long id, String attempt) {
        ExportJob job = parse(records.store().get(Bytes.wrap(GlobalKeys.job(tenantKey, id))));
        return job != null
                && job.getStatus() == ExportJobStatus.PROCESSING
                && job.getComputeGatewayJobId().getExportJob().equals(attempt);
    }

    /** Sends a command to the ledger without waiting for its answer; returns once Kafka has it. */
    void tell(byte[] tenantKey, long id, Function<JobCommand.Builder, JobCommand.Builder> kind) {
        ledger.send(kind.apply(command(tenantKey, id)).build(), "send a job command");
    }

    private static JobCommand.Builder command(Tenant tenant, long id) {
        return command(Keys.tenant(tenant), id);
    }

    private static JobCommand.Builder command(byte[] tenantKey, long id) {
        return LedgerCommands.command(tenantKey).setJobId(id);
    }

    private static ExportJob parse(byte[] value) {
        return StoredValues.parse(ExportJob.parser(), value, "job");
    }
}
