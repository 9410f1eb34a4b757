package io.segexport.client.cli;

import io.segexport.v1.ExportJobStatus;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The job statuses a user may name (in any case, as the API takes them), for {@code --status}. */
final class JobStatuses implements ITypeConverter<ExportJobStatus>, Iterable<String> {
    private static final List<ExportJobStatus> NAMED = Arrays.stream(ExportJobStatus.values())
            .filter(status -> status != ExportJobStatus.UNRECOGNIZED && status.getNumber() > 0)
            .toList();

    @Override
    public ExportJobStatus convert(String value) {
        return NAMED.stream()
                .filter(status -> status.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException(
                        "'" + value + "' is not a job status; use one of " + String.join(", ", this)));
    }

    /** The names, for the help's completion candidates. */
    @Override
    public Iterator<String> iterator() {
        return NAMED.stream().map(ExportJobStatus::name).iterator();
    }
}
