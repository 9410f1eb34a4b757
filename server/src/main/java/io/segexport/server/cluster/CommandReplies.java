package io.segexport.server.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The job ledger's answers to this node's commands, as this node's global store applies them: a
 * sender expects its command's id before sending, and learns what the ledger did once the answer
 * is in its store (so that a read on this node after it sees the change).
 */
final class CommandReplies {
    /** What the ledger did ({@link JobLedger#OUTCOME}), and the value it published (null: removed). */
    record Reply(String outcome, byte[] value) {}

    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

    /** Registers the command before it is sent, so that its answer cannot be missed. */
    void expect(String commandId) {
        waiting.put(commandId, new CompletableFuture<>());
    }

    /** The answer to an expected command, once applied; a TimeoutException after {@code timeout}. */
    Reply await(String commandId, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return waiting.get(commandId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(commandId);
        }
    }

    /** Stops waiting for a command that could not be sent. */
    void forget(String commandId) {
        waiting.remove(commandId);
    }

    /** An answer applied to this node's store; those of other nodes' commands are passed over. */
    void arrived(String commandId, String outcome, byte[] value) {
        Optional.ofNullable(waiting.get(commandId)).ifPresent(reply -> reply.complete(new Reply(outcome, value)));
    }
}
