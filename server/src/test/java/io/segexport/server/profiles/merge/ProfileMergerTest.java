package io.segexport.server.profiles.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonReader;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.MergePolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ProfileMerger on hand-built profiles: what wins, attribute by attribute, under each policy. */
class ProfileMergerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MergePolicy TIMESTAMP_ORDERED = MergePolicy.newBuilder()
            .setAttributeMerge(AttributeMerge.newBuilder().setType("timestampOrdered"))
            .build();
    private static final String IDENTITY_MAP =
            "'identityMap': {'email': [{'id': 'ada@example.com', 'authenticatedState': 'ambiguous', 'primary': true}]}";

    private static MergePolicy precedence(String... datasets) {
        return MergePolicy.newBuilder()
                .setAttributeMerge(
                        AttributeMerge.newBuilder().setType("dataSetPrecedence").addAllOrder(List.of(datasets)))
                .build();
    }

    private static Fragment fragment(String datasetId, long time, String singleQuotedJson) {
        return fragment(datasetId, time, time, singleQuotedJson);
    }

    private static Fragment fragment(String datasetId, long time, long ingestTime, String singleQuotedJson) {
        return Fragment.newBuilder()
                .setDatasetId(datasetId)
                .setTime(time)
                .setIngestTime(ingestTime)
                .setAttributes(struct(singleQuotedJson))
                .build();
    }

    private static StoredProfile profile(Fragment... fragments) {
        return StoredProfile.newBuilder()
                .setPrimary(IdentityKey.newBuilder().setNamespace("email").setId("ada@example.com"))
                .addIdentities(StoredIdentity.newBuilder()
                        .setNamespace("email")
                        .setId("ada@example.com")
                        .setAuthenticatedState("ambiguous"))
                .addAllFragments(List.of(fragments))
                .setHasProfileRecord(true)
                .build();
    }

    private static Struct struct(String singleQuotedJson) {
        try {
            return ProtoJsonReader.read(
                    new ByteArrayInputStream(singleQuotedJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
                    Struct.getDefaultInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Struct struct) {
        return tree(ProtoJsonWriter.toJson(struct));
    }

    private static JsonNode tree(String singleQuotedJson) {
        try {
            return JSON.readTree(singleQuotedJson.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected merge: the given attributes plus the test profile's identityMap. */
    private static JsonNode expected(String singleQuotedAttributes) {
        String inner = singleQuotedAttributes.strip();
        inner = inner.substring(1, inner.length() - 1).strip();
        return tree("{" + inner + (inner.isEmpty() ? "" : ", ") + IDENTITY_MAP + "}");
    }

    @Test
    void timestampOrderedTakesEachLeafOfNestedObjectsFromTheNewestFragmentThatHasIt() {
        StoredProfile profile = profile(
                fragment(
                        "crm",
                        100,
                        "{'person': {'name': {'firstName': 'Ada', 'lastName': 'Lovelace'}, 'birthYear': 1815}}"),
                fragment("web", 200, "{'person': {'name': {'firstName': 'Augusta'}}}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)))
                .isEqualTo(expected(
                        "{'person': {'name': {'firstName': 'Augusta', 'lastName': 'Lovelace'}, 'birthYear': 1815}}"));
    }

    @Test
    void arraysAreLeavesTakenWholeFromTheWinningFragment() {
        StoredProfile profile = profile(
                fragment("crm", 100, "{'interests': ['math', 'poetry', 'engines'], 'phones': [{'number': '1'}]}"),
                fragment("web", 200, "{'interests': ['engines'], 'phones': []}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)))
                .isEqualTo(expected("{'interests': ['engines'], 'phones': []}"));
    }

    @Test
    void attributesTheWinnerLacksComeFromOlderFragments() {
        StoredProfile profile = profile(
                fragment("a", 100, "{'loyalty': {'tier': 'gold'}, 'homeAddress': {'city': 'London'}}"),
                fragment("b", 300, "{'loyalty': {'points': 250}}"),
                fragment("c", 200, "{'loyalty': {'tier': 'silver', 'since': '2020'}}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)))
                .isEqualTo(
                        expected(
                                "{'loyalty': {'points': 250, 'tier': 'silver', 'since': '2020'}, 'homeAddress': {'city': 'London'}}"));
    }

    @Test
    void aNullDoesNotCountAsHavingTheAttribute() {
        StoredProfile profile = profile(
                fragment("crm", 100, "{'person': {'gender': 'female'}, 'nickname': 'Ada'}"),
                fragment("web", 200, "{'person': {'gender': null}, 'nickname': null}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)))
                .isEqualTo(expected("{'person': {'gender': 'female'}, 'nickname': 'Ada'}"));
    }

    @Test
    void aLeafOfTheWinnerHidesAnObjectOfALoserAndTheOtherWayRound() {
        StoredProfile profile = profile(
                fragment("old", 100, "{'address': {'city': 'London'}, 'status': 'active'}"),
                fragment("new", 200, "{'address': 'unknown', 'status': {'code': 1}}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)))
                .isEqualTo(expected("{'address': 'unknown', 'status': {'code': 1}}"));
    }

    @Test
    void equalRecordTimesAreDecidedByTheLaterIngestion() {
        StoredProfile profile = profile(
                fragment("first", 100, 1_000, "{'tier': 'gold'}"),
                fragment("second", 100, 2_000, "{'tier': 'silver'}"));

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED))).isEqualTo(expected("{'tier': 'silver'}"));
    }

    @Test
    void dataSetPrecedenceFollowsThePolicyOrderWhateverTheTimes() {
        StoredProfile profile = profile(
                fragment("crm", 100, "{'person': {'name': {'firstName': 'Ada'}}, 'tier': 'gold'}"),
                fragment(
                        "web",
                        200,
                        "{'person': {'name': {'firstName': 'Augusta', 'lastName': 'King'}}, 'tier': 'silver'}"));

        assertThat(json(ProfileMerger.merge(profile, precedence("crm", "web"))))
                .isEqualTo(expected("{'person': {'name': {'firstName': 'Ada', 'lastName': 'King'}}, 'tier': 'gold'}"));
    }

    @Test
    void datasetsTheOrderDoesNotListComeAfterTheListedOnesNewestFirst() {
        StoredProfile profile = profile(
                fragment("unlisted-old", 300, "{'a': 'unlisted-old', 'b': 'unlisted-old', 'c': 'unlisted-old'}"),
                fragment("unlisted-new", 400, "{'b': 'unlisted-new', 'c': 'unlisted-new'}"),
                fragment("listed", 100, "{'c': 'listed'}"));

        assertThat(json(ProfileMerger.merge(profile, precedence("listed", "absent-dataset"))))
                .isEqualTo(expected("{'a': 'unlisted-old', 'b': 'unlisted-new', 'c': 'listed'}"));
    }

    @Test
    void theIdentityMapListsEveryIdentityWithOnlyTheProfilesKeyMarkedPrimary() {
        StoredProfile profile = profile().toBuilder()
                .addIdentities(StoredIdentity.newBuilder()
                        .setNamespace("crmId")
                        .setId("C-1")
                        .setAuthenticatedState("authenticated"))
                .addIdentities(StoredIdentity.newBuilder()
                        .setNamespace("email")
                        .setId("ada@work.example")
                        .setAuthenticatedState("loggedOut"))
                .build();

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED))).isEqualTo(tree("""
                {'identityMap': {
                    'email': [{'id': 'ada@example.com', 'authenticatedState': 'ambiguous', 'primary': true},
                              {'id': 'ada@work.example', 'authenticatedState': 'loggedOut', 'primary': false}],
                    'crmId': [{'id': 'C-1', 'authenticatedState': 'authenticated', 'primary': false}]}}"""));
    }

    @Test
    void theSegmentMembershipIsWrittenFromTheProfileWithTheVersionWhenKnown() {
        StoredProfile profile = profile(fragment("crm", 100, "{'tier': 'gold'}")).toBuilder()
                .putSegmentMembership(
                        "ups",
                        SegmentMemberships.newBuilder()
                                .putSegments(
                                        "s1",
                                        Membership.newBuilder()
                                                .setStatus("realized")
                                                .setLastQualificationTime("2024-01-01T00:00:00Z")
                                                .setVersion(3)
                                                .build())
                                .putSegments(
                                        "s2",
                                        Membership.newBuilder()
                                                .setStatus("exited")
                                                .setLastQualificationTime("2024-02-01T00:00:00Z")
                                                .build())
                                .build())
                .build();

        assertThat(json(ProfileMerger.merge(profile, TIMESTAMP_ORDERED))).isEqualTo(expected("""
                {'tier': 'gold', 'segmentMembership': {'ups': {
                    's1': {'status': 'realized', 'lastQualificationTime': '2024-01-01T00:00:00Z', 'version': 3},
                    's2': {'status': 'exited', 'lastQualificationTime': '2024-02-01T00:00:00Z'}}}}"""));
    }

    @Test
    void aProfileWithoutFragmentsMergesToItsIdentitiesOnly() {
        StoredProfile profile = profile().toBuilder().setHasProfileRecord(false).build();

        assertThat(json(ProfileMerger.merge(profile, precedence("crm")))).isEqualTo(expected("{}"));
    }
}
