package io.segexport.server.profiles.memberships;

import static io.segexport.server.profiles.memberships.MembershipTransition.EXISTING;
import static io.segexport.server.profiles.memberships.MembershipTransition.EXITED;
import static io.segexport.server.profiles.memberships.MembershipTransition.REALIZED;
import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.profiles.stored.Membership;
import org.junit.jupiter.api.Test;

/** The status transitions of a segment evaluation, and a job's second run after a crash. */
class MembershipTransitionTest {
    private static final String T1 = "2026-11-01T00:00:00Z";
    private static final String T2 = "2026-11-02T00:00:00Z";

    private static Membership membership(String status, String time) {
        return Membership.newBuilder()
                .setStatus(status)
                .setLastQualificationTime(time)
                .build();
    }

    @Test
    void aProfileWithoutMembershipThatQualifiesIsRealizedAtTheEvaluationTime() {
        Membership next = MembershipTransition.next(null, true, "7", T2);

        assertThat(next.getStatus()).isEqualTo(REALIZED);
        assertThat(next.getLastQualificationTime()).isEqualTo(T2);
        assertThat(next.getEvaluatedBy()).isEqualTo("7");
        assertThat(next.hasBeforeEvaluation()).isFalse();
    }

    @Test
    void aProfileWithoutMembershipThatDoesNotQualifyStaysWithout() {
        assertThat(MembershipTransition.next(null, false, "7", T2)).isNull();
    }

    @Test
    void aRealizedOrExistingMemberThatStillQualifiesIsExistingAtTheEvaluationTime() {
        for (String status : new String[] {REALIZED, EXISTING}) {
            Membership next = MembershipTransition.next(membership(status, T1), true, "7", T2);

            assertThat(next.getStatus()).as(status).isEqualTo(EXISTING);
            assertThat(next.getLastQualificationTime()).as(status).isEqualTo(T2);
        }
    }

    @Test
    void aMemberThatNoLongerQualifiesExitsKeepingItsLastQualificationTime() {
        Membership next = MembershipTransition.next(membership(EXISTING, T1), false, "7", T2);

        assertThat(next.getStatus()).isEqualTo(EXITED);
        assertThat(next.getLastQualificationTime()).isEqualTo(T1);
        assertThat(next.getBeforeEvaluation()).isEqualTo(membership(EXISTING, T1));
    }

    @Test
    void anExitedProfileThatQualifiesAgainIsRealized() {
        assertThat(MembershipTransition.next(membership(EXITED, T1), true, "7", T2)
                        .getStatus())
                .isEqualTo(REALIZED);
    }

    @Test
    void anExitedProfileThatStillDoesNotQualifyIsLeftAsItIs() {
        Membership exited = membership(EXITED, T1);

        assertThat(MembershipTransition.next(exited, false, "7", T2)).isSameAs(exited);
    }

    @Test
    void aSecondRunOfTheSameJobTransitionsFromWhatThatJobReplaced() {
        Membership firstRun = MembershipTransition.next(null, true, "7", T1);

        Membership secondRun = MembershipTransition.next(firstRun, true, "7", T2);

        assertThat(secondRun.getStatus()).isEqualTo(REALIZED);
        assertThat(secondRun.getLastQualificationTime()).isEqualTo(T2);
    }

    @Test
    void aSecondRunOfTheSameJobThatNoLongerQualifiesRestoresWhatThatJobReplaced() {
        Membership exited = membership(EXITED, T1);

        assertThat(MembershipTransition.next(MembershipTransition.next(null, true, "7", T2), false, "7", T2))
                .isNull();
        assertThat(MembershipTransition.next(MembershipTransition.next(exited, true, "7", T2), false, "7", T2))
                .isEqualTo(exited);
    }

    @Test
    void anotherJobTransitionsFromTheStoredMembershipAndKeepsOnlyOneEvaluationBack() {
        Membership byFirstJob = MembershipTransition.next(null, true, "7", T1);

        Membership bySecondJob = MembershipTransition.next(byFirstJob, true, "8", T2);

        assertThat(bySecondJob.getStatus()).isEqualTo(EXISTING);
        assertThat(bySecondJob.getBeforeEvaluation().getStatus()).isEqualTo(REALIZED);
        assertThat(bySecondJob.getBeforeEvaluation().hasBeforeEvaluation()).isFalse();
    }
}
