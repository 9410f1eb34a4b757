package io.segexport.json;

/** A JSON document that does not fit its message type, naming the field at fault. */
public final class JsonFieldException extends IllegalArgumentException {
    private final String field;

    public JsonFieldException(String field, String problem) {
        super(field.isEmpty() ? "the body " + problem : field + " " + problem);
        this.field = field;
    }

    /** The dotted JSON path of the offending field ({@code filter.segments[0].status}); empty for the root. */
    public String field() {
        return field;
    }
}
