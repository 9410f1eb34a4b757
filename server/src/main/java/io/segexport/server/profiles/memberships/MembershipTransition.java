package io.segexport.server.profiles.memberships;

import io.segexport.server.profiles.stored.Membership;

/**
 * The platform's status transitions when a segment is evaluated: a profile that qualifies and was
 * not a member becomes "realized", one that qualifies and was a member "existing", both with the
 * evaluation's time as lastQualificationTime; a member that no longer qualifies becomes "exited",
 * keeping its lastQualificationTime; anyone else keeps what it had.
 *
 * <p>A membership remembers the job whose evaluation wrote it and what it replaced, so that when the
 * same job runs again (after a crash cut its first run short), the transition starts from what the
 * profile had before that job, and the outcome is the same as one uninterrupted run's.
 */
public final class MembershipTransition {
    public static final String REALIZED = "realized";
    public static final String EXISTING = "existing";
    public static final String EXITED = "exited";

    private MembershipTransition() {}

    /**
     * The membership after job {@code jobId} evaluated the segment at {@code time} (RFC 3339), given
     * the stored one; null for none. Equal to {@code stored} when nothing changes.
     */
    public static Membership next(Membership stored, boolean qualifies, String jobId, String time) {
        boolean rerun = stored != null && stored.getEvaluatedBy().equals(jobId);
        Membership before = rerun ? (stored.hasBeforeEvaluation() ? stored.getBeforeEvaluation() : null) : stored;
        boolean wasMember = before != null && !before.getStatus().equals(EXITED);
        Membership.Builder next;
        if (qualifies) {
            next = Membership.newBuilder()
                    .setStatus(wasMember ? EXISTING : REALIZED)
                    .setLastQualificationTime(time);
        } else if (wasMember) {
            next = before.toBuilder().setStatus(EXITED);
        } else {
            return rerun ? before : stored;
        }
        next.setEvaluatedBy(jobId);
        if (before != null) {
            // Only the last evaluation is ever undone: older ones need not be kept.
            next.setBeforeEvaluation(before.toBuilder().clearBeforeEvaluation());
        }
        return next.build();
    }
}
