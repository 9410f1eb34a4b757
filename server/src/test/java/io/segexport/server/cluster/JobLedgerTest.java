package io.segexport.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.stored.JobCommand;
import io.segexport.server.cluster.stored.PartitionProgress;
import io.segexport.server.cluster.stored.PartitionReport;
import io.segexport.server.cluster.stored.StartRun;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobProgress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job ledger on Kafka Streams' test driver: a running job's progress, as the partitions send it. */
class JobLedgerTest {
    private static final ClusterNames NAMES = new ClusterNames("segexport");
    private static final byte[] TENANT = Keys.tenant(new Tenant("A@AdobeOrg", "prod"));
    private static final String ATTEMPT = "attempt-1";

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<Bytes, byte[]> commands;
    private TestOutputTopic<Bytes, byte[]> records;
    private ExportJob job;

    @BeforeEach
    void startAJobOverTwoPartitions() throws Exception {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "segexport-ledger-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        driver = new TopologyTestDriver(ClusterTopology.ledger(NAMES), config);
        commands = driver.createInputTopic(
                NAMES.jobCommands(),
                Serdes.Bytes().serializer(),
                Serdes.ByteArray().serializer());
        records = driver.createOutputTopic(
                NAMES.records(),
                Serdes.Bytes().deserializer(),
                Serdes.ByteArray().deserializer());
        send(command(0).setCreate(ExportJob.newBuilder().setStatus(ExportJobStatus.NEW)));
        long id = lastJob().getId();
        send(command(id)
                .setStart(StartRun.newBuilder().setAttempt(ATTEMPT).setAt(100).setPartitions(2)));
        job = lastJob();
        assertThat(job.getStatus()).isEqualTo(ExportJobStatus.PROCESSING);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aRunningJobShowsThePartitionsProgressSummed() throws Exception {
        send(progress(ATTEMPT, 0, read(10), 200));
        send(progress(ATTEMPT, 1, read(5), 300));

        ExportJob running = lastJob();
        assertThat(running.getProgress().getProfilesRead()).isEqualTo(15);
        assertThat(running.getUpdateTime()).isEqualTo(300);
        assertThat(running.getStatus()).isEqualTo(ExportJobStatus.PROCESSING);
    }

    @Test
    void aPartitionThatReportedCountsItsReportNotItsLastProgress() throws Exception {
        send(progress(ATTEMPT, 0, read(10), 200));
        send(command(job.getId())
                .setReport(PartitionReport.newBuilder()
                        .setAttempt(ATTEMPT)
                        .setPartition(0)
                        .setProgress(read(12))));
        send(progress(ATTEMPT, 0, read(99), 300));
        send(progress(ATTEMPT, 1, read(7), 400));

        assertThat(lastJob().getProgress().getProfilesRead()).isEqualTo(12 + 7);
    }

    @Test
    void progressOfAnotherAttemptIsIgnored() throws Exception {
        send(progress(ATTEMPT, 0, read(10), 200));
        send(progress("an-abandoned-attempt", 1, read(1_000), 300));

        assertThat(lastJob().getProgress().getProfilesRead()).isEqualTo(10);
    }

    private static JobProgress read(long profiles) {
        return JobProgress.newBuilder().setProfilesRead(profiles).build();
    }

    private JobCommand.Builder progress(String attempt, int partition, JobProgress progress, long at) {
        return command(job.getId())
                .setProgress(PartitionProgress.newBuilder()
                        .setAttempt(attempt)
                        .setPartition(partition)
                        .setProgress(progress)
                        .setAt(at));
    }

    private static JobCommand.Builder command(long id) {
        return JobCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setTenant(ByteString.copyFrom(TENANT))
                .setJobId(id);
    }

    private void send(JobCommand.Builder command) {
        commands.pipeInput(Bytes.wrap(TENANT), command.build().toByteArray());
    }

    /** The last job the ledger published, of every record it sent since the last call. */
    private ExportJob lastJob() throws Exception {
        byte[] jobs = GlobalKeys.kind(Family.JOBS);
        ExportJob last = null;
        for (KeyValue<Bytes, byte[]> record : records.readKeyValuesToList()) {
            byte[] key = record.key.get();
            if (record.value != null
                    && Arrays.equals(jobs, 0, jobs.length, key, 0, Math.min(key.length, jobs.length))) {
                last = ExportJob.parseFrom(record.value);
            }
        }
        assertThat(last).as("a job published").isNotNull();
        return last;
    }
}
