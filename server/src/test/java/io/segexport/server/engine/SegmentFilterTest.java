package io.segexport.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.SegmentQualificationTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Membership rules, table-driven: one listed segment against one stored membership. */
class SegmentFilterTest {
    private static Map<String, SegmentMemberships> membership(String ns, String id, String status, String qualified) {
        Membership.Builder membership = Membership.newBuilder().setStatus(status);
        if (qualified != null) {
            membership.setLastQualificationTime(qualified);
        }
        return Map.of(
                ns,
                SegmentMemberships.newBuilder()
                        .putSegments(id, membership.build())
                        .build());
    }

    static Stream<Arguments> cases() {
        String jan15 = "2018-01-15T00:00:00Z";
        return Stream.of(
                Arguments.of(
                        "realized member, realized kept",
                        "ups",
                        List.of("realized"),
                        null,
                        null,
                        membership("ups", "s1", "realized", jan15),
                        true),
                Arguments.of(
                        "existing member, only realized kept",
                        "ups",
                        List.of("realized"),
                        null,
                        null,
                        membership("ups", "s1", "existing", jan15),
                        false),
                Arguments.of(
                        "exited member, default statuses",
                        "ups",
                        List.of("realized", "existing"),
                        null,
                        null,
                        membership("ups", "s1", "exited", jan15),
                        false),
                Arguments.of(
                        "exited member, exited kept",
                        "ups",
                        List.of("exited"),
                        null,
                        null,
                        membership("ups", "s1", "exited", jan15),
                        true),
                Arguments.of(
                        "same id in another namespace",
                        "AAM",
                        List.of("realized"),
                        null,
                        null,
                        membership("ups", "s1", "realized", jan15),
                        false),
                Arguments.of(
                        "other segment only",
                        "ups",
                        List.of("realized"),
                        null,
                        null,
                        membership("ups", "s2", "realized", jan15),
                        false),
                Arguments.of(
                        "inside the window",
                        "ups",
                        List.of("realized"),
                        "2018-01-01T00:00:00Z",
                        "2018-02-01T00:00:00Z",
                        membership("ups", "s1", "realized", jan15),
                        true),
                Arguments.of(
                        "at the window's start",
                        "ups",
                        List.of("realized"),
                        jan15,
                        "2018-02-01T00:00:00Z",
                        membership("ups", "s1", "realized", jan15),
                        true),
                Arguments.of(
                        "at the window's end",
                        "ups",
                        List.of("realized"),
                        "2018-01-01T00:00:00Z",
                        jan15,
                        membership("ups", "s1", "realized", jan15),
                        true),
                Arguments.of(
                        "a millisecond before the window",
                        "ups",
                        List.of("realized"),
                        "2018-01-15T00:00:00.001Z",
                        null,
                        membership("ups", "s1", "realized", jan15),
                        false),
                Arguments.of(
                        "a millisecond after the window",
                        "ups",
                        List.of("realized"),
                        null,
                        "2018-01-14T23:59:59.999Z",
                        membership("ups", "s1", "realized", jan15),
                        false),
                Arguments.of(
                        "window but no qualification time",
                        "ups",
                        List.of("realized"),
                        "2018-01-01T00:00:00Z",
                        null,
                        membership("ups", "s1", "realized", null),
                        false),
                Arguments.of(
                        "no window and no qualification time",
                        "ups",
                        List.of("realized"),
                        null,
                        null,
                        membership("ups", "s1", "realized", null),
                        true),
                Arguments.of("no memberships at all", "ups", List.of("realized"), null, null, Map.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void membershipDecidesAsDocumented(
            String name,
            String ns,
            List<String> statuses,
            String start,
            String end,
            Map<String, SegmentMemberships> stored,
            boolean expected) {
        SegmentFilter segments = filter(ns, statuses, start, end);

        assertThat(segments.isMember(stored, segments.segments().get(0))).isEqualTo(expected);
    }

    /** The index of memberships holds a listed segment's members of its listed statuses; the window decides among them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWindowReadingTheIndexDecidesAsTheFilter(
            String name,
            String ns,
            List<String> statuses,
            String start,
            String end,
            Map<String, SegmentMemberships> stored,
            boolean expected) {
        SegmentFilter segments = filter(ns, statuses, start, end);
        Membership indexed = stored.getOrDefault(ns, SegmentMemberships.getDefaultInstance())
                .getSegmentsMap()
                .get("s1");
        if (indexed == null || !statuses.contains(indexed.getStatus())) {
            return;
        }

        assertThat(segments.window().test(indexed)).isEqualTo(expected);
    }

    private static SegmentFilter filter(String ns, List<String> statuses, String start, String end) {
        ExportFilter.Builder filter = ExportFilter.newBuilder()
                .addSegments(io.segexport.v1.SegmentFilter.newBuilder()
                        .setSegmentId("s1")
                        .setSegmentNs(ns)
                        .addAllStatus(statuses));
        if (start != null || end != null) {
            filter.setSegmentQualificationTime(SegmentQualificationTime.newBuilder()
                    .setStartTime(start == null ? "" : start)
                    .setEndTime(end == null ? "" : end));
        }
        return new SegmentFilter(filter.build());
    }
}
