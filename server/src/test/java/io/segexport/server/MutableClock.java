package io.segexport.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that a test moves forward, so that tests order times without sleeping: either
 * {@link #stoppedAt stopped} (it moves only when told) or {@link #running() running} (the system's time
 * plus what the test added, for a server whose engine must still see time pass). A server's threads may
 * read it while the test moves it.
 */
public final class MutableClock extends Clock {
    private final Clock base;
    private volatile Duration added = Duration.ZERO;

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** A clock at {@code start} that moves only by {@link #advance}. */
    public static MutableClock stoppedAt(Instant start) {
        return new MutableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** The system's clock, moved forward by {@link #advance}. */
    public static MutableClock running() {
        return new MutableClock(Clock.systemUTC());
    }

    public synchronized void advance(Duration duration) {
        added = added.plus(duration);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(added);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock has one zone");
    }
}
