package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.CommandReplies.Reply;
import io.segexport.server.cluster.stored.JobCommand;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;

/**
 * This node's commands to the job ledger ({@link JobLedger}): sent on the single-partition commands
 * topic, and, when asked, answered once this node's global store has applied the ledger's answer.
 */
final class LedgerCommands implements AutoCloseable {
    private final KafkaProducer<Bytes, byte[]> producer;
    private final CommandReplies replies;
    private final String topic;

    LedgerCommands(String bootstrapServers, ClusterNames names, CommandReplies replies) {
        this.producer = ClusterProducers.idempotent(bootstrapServers);
        this.replies = replies;
        this.topic = names.jobCommands();
    }

    /** A new command of the tenant, with an id of its own. */
    static JobCommand.Builder command(byte[] tenantKey) {
        return JobCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setTenant(ByteString.copyFrom(tenantKey));
    }

    /** Sends the command and waits for the ledger's answer; UNAVAILABLE naming {@code what} when none comes in time. */
    Reply ask(JobCommand.Builder command, String what) {
        String id = command.getCommandId();
        replies.expect(id);
        try {
            send(command.build(), what);
            return replies.await(id, ClusterRecords.WAIT);
        } catch (TimeoutException e) {
            throw ClusterRecords.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterRecords.unavailable(what, e);
        } finally {
            replies.forget(id);
        }
    }

    /** Sends the command without waiting for its answer; returns once Kafka has it. */
    void send(JobCommand command, String what) {
        try {
            producer.send(new ProducerRecord<>(
                            topic, 0, Bytes.wrap(command.getTenant().toByteArray()), command.toByteArray()))
                    .get(ClusterRecords.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ClusterRecords.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterRecords.unavailable(what, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
