package io.segexport.server.catalog;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.limits.Limit;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Texts;
import io.segexport.v1.DataSet;

/**
 * A dataset's tags: each a list of strings, as the platform's Catalog keeps them. The one tag read
 * here is {@code unifiedProfile}: with {@code "enabled:true"} among its values (spaces around the
 * colon allowed, as aepp's upsert sends {@code "enabled: true"}), the dataset feeds the profile store.
 */
public final class DataSetTags {
    /** At most this many tags, and this many values a tag. */
    static final int MAX_TAGS = 100;

    private DataSetTags() {}

    /** Whether records ingested into the dataset go to the profile store. */
    public static boolean profileEnabled(DataSet dataSet) {
        Value tag = dataSet.getTags().getFieldsOrDefault("unifiedProfile", null);
        if (tag == null || !tag.hasListValue()) {
            return false;
        }
        return tag.getListValue().getValuesList().stream()
                .anyMatch(value -> value.getStringValue().replace(" ", "").equalsIgnoreCase("enabled:true"));
    }

    /** The tags, checked; a 400 naming {@code field} (e.g. "tags") or the tag at fault otherwise. */
    static Struct check(String field, Struct tags) {
        if (tags.getFieldsCount() > MAX_TAGS) {
            throw ServiceErrors.invalidArgument(field, "holds more than " + MAX_TAGS + " tags");
        }
        tags.getFieldsMap().forEach((name, values) -> {
            if (name.isBlank()) {
                throw ServiceErrors.invalidArgument(field, "has a tag without a name");
            }
            String tagField = field + "." + Texts.shorten(name);
            Texts.check(tagField, name, Limit.NAME_LENGTH, false);
            checkValues(tagField, values);
        });
        return tags;
    }

    /** One tag's values: a list of at most {@link #MAX_TAGS} strings. */
    static ListValue checkValues(String field, Value values) {
        if (!values.hasListValue()) {
            throw ServiceErrors.invalidArgument(field, "must be a list of strings");
        }
        ListValue list = values.getListValue();
        if (list.getValuesCount() > MAX_TAGS) {
            throw ServiceErrors.invalidArgument(field, "holds more than " + MAX_TAGS + " values");
        }
        for (int i = 0; i < list.getValuesCount(); i++) {
            Value value = list.getValues(i);
            if (!value.hasStringValue()) {
                throw ServiceErrors.invalidArgument(field + "[" + i + "]", "must be a string");
            }
            Texts.check(field + "[" + i + "]", value.getStringValue(), Limit.TEXT_LENGTH, false);
        }
        return list;
    }
}
