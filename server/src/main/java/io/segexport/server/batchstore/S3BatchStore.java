package io.segexport.server.batchstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Batches' files as objects of an S3-compatible server: batch {@code id}'s files under
 * {@code PREFIX/batches/id/files/}, and its manifest, the list of its files with their lengths, at
 * {@code PREFIX/batches/id/manifest.json}. Readers go through the manifest, which is written last
 * and removed first, so they see all of a batch's files or none. Files larger than a part are sent
 * as multipart uploads ({@link MultipartUpload}); the client retries each failed request.
 */
public final class S3BatchStore implements BatchStore {
    /** The part size of multipart uploads, and the size from which a file is sent in parts. */
    public static final long DEFAULT_PART_SIZE = 16L << 20;

    private final S3Client s3;
    private final S3Config config;
    private final long partSize;

    private S3BatchStore(S3Client s3, S3Config config, long partSize) {
        this.s3 = s3;
        this.config = config;
        this.partSize = partSize;
    }

    /**
     * The store at {@code config}, once its bucket answers; an exception saying what is wrong (no
     * credentials, no such bucket, refused, unreachable) otherwise. Files of {@code partSize} bytes or
     * more go in parts of that size (S3 takes parts of 5 MiB or more).
     */
    public static S3BatchStore open(S3Config config, AwsCredentialsProvider credentials, long partSize)
            throws BatchStoreUnavailableException {
        if (partSize < 5L << 20) {
            throw new IllegalArgumentException("parts must be 5 MiB or more, not " + partSize + " bytes");
        }
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new BatchStoreUnavailableException(
                    "found no credentials for the batch store at " + config.server()
                            + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE",
                    e);
        }
        S3Client s3 = S3Clients.create(config, credentials);
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            s3.close();
            throw new BatchStoreUnavailableException(unavailable(config, e.statusCode()), e);
        } catch (SdkClientException e) {
            s3.close();
            throw new BatchStoreUnavailableException(
                    "could not reach the batch store at " + config.server() + " (" + S3Config.ENDPOINT_FLAG + "): "
                            + e.getMessage(),
                    e);
        }
        return new S3BatchStore(s3, config, partSize);
    }

    private static String unavailable(S3Config config, int status) {
        return switch (status) {
            case 404 ->
                "the bucket " + config.bucket() + " (" + S3Config.LOCATION_FLAG + " " + config.location()
                        + ") does not exist at " + config.server() + "; create it first";
            case 301, 400 ->
                "the bucket " + config.bucket() + " is not in the region " + config.region() + " at " + config.server()
                        + " (" + status + ")";
            case 401, 403 ->
                "the batch store at " + config.server() + " refused access to the bucket " + config.bucket() + " ("
                        + status + "): check the credentials";
            default ->
                "the batch store at " + config.server() + " answered " + status + " for the bucket " + config.bucket();
        };
    }

    @Override
    public void publish(String batchId, Path folder) throws IOException {
        String manifest = manifestKey(batchId);
        call(
                "remove the manifest " + manifest,
                () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(manifest)));
        deleteUnder(filesPrefix(batchId), key -> true);
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path file : entries) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("batch " + batchId + " has a non-file to publish: " + file.getFileName());
                }
                files.add(putFile(batchId, file.getFileName().toString(), file));
            }
        }
        writeManifest(batchId, files);
    }

    /**
     * Sends one file of a batch whose files come from several writers (a cluster's partitions),
     * under its name, replacing one of that name; it is not the batch's until a manifest lists it.
     */
    public StoredFile putFile(String batchId, String name, Path file) throws IOException {
        return new StoredFile(name, upload(file, fileKey(batchId, name)));
    }

    /**
     * Makes {@code files}, sent with {@link #putFile}, the batch's files, and only them: then removes
     * the batch's other files (those of a cluster partition's abandoned export). A crash between the
     * two leaves such files in the bucket, unlisted, never a listed file missing.
     */
    public void writeManifest(String batchId, List<StoredFile> files) throws IOException {
        String manifest = manifestKey(batchId);
        List<StoredFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(StoredFile::name));
        byte[] bytes = S3Manifest.write(sorted);
        call(
                "write the manifest " + manifest,
                () -> s3.putObject(
                        b -> b.bucket(config.bucket()).key(manifest).contentType("application/json"),
                        RequestBody.fromBytes(bytes)));
        Set<String> listed = new HashSet<>();
        files.forEach(file -> listed.add(fileKey(batchId, file.name())));
        deleteUnder(filesPrefix(batchId), key -> !listed.contains(key));
    }

    /**
     * Keeps an upload's bytes, a whole file or a part of a large one, as a new object under the
     * batch's uploads ({@code PREFIX/uploads/id/}); answers the object's key.
     */
    public String putUpload(String batchId, String name, Path file) throws IOException {
        String key = uploadsPrefix(batchId) + name + "/" + UUID.randomUUID();
        upload(file, key);
        return key;
    }

    /** Reads an object {@link #putUpload} made, from byte {@code from} on. */
    public InputStream openUpload(String key, long from) throws IOException {
        return call(
                "read " + key,
                () -> s3.getObject(b -> b.bucket(config.bucket()).key(key).range("bytes=" + from + "-")));
    }

    /** Removes an object {@link #putUpload} made. */
    public void deleteUpload(String key) throws IOException {
        call(
                "remove " + key,
                () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(key)));
    }

    /** Removes every object {@link #putUpload} made for the batch. */
    public void deleteUploads(String batchId) throws IOException {
        deleteUnder(uploadsPrefix(batchId), key -> true);
    }

    /** Sends {@code file} to {@code key}, in parts when it is large; its length. */
    private long upload(Path file, String key) throws IOException {
        long length = Files.size(file);
        if (length >= partSize) {
            new MultipartUpload(s3, config, key, partSize).send(file, length);
        } else {
            call(
                    "write " + key,
                    () -> s3.putObject(b -> b.bucket(config.bucket()).key(key), RequestBody.fromFile(file)));
        }
        return length;
    }

    @Override
    public List<StoredFile> list(String batchId, Predicate<String> names) throws IOException {
        return manifest(batchId).stream()
                .filter(file -> names.test(file.name()))
                .toList();
    }

    @Override
    public BatchFile open(String batchId, String name) throws IOException {
        for (StoredFile file : manifest(batchId)) {
            if (file.name().equals(name)) {
                return new S3BatchFile(s3, config, fileKey(batchId, name), file.length());
            }
        }
        throw new NoSuchFileException(name);
    }

    @Override
    public void delete(String batchId) throws IOException {
        String manifest = manifestKey(batchId);
        call(
                "remove the manifest " + manifest,
                () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(manifest)));
        deleteUnder(batchPrefix(batchId), key -> true);
    }

    /** The batch's files, from its manifest; none without one. */
    private List<StoredFile> manifest(String batchId) throws IOException {
        String key = manifestKey(batchId);
        try {
            return S3Manifest.read(
                    s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return List.of();
        } catch (SdkException e) {
            throw failure("read the manifest " + key, e);
        }
    }

    /** Removes the objects whose key starts with {@code prefix} and that {@code doomed} accepts, a page (up to 1,000) at a time. */
    private void deleteUnder(String prefix, Predicate<String> doomed) throws IOException {
        for (List<S3Object> page : call(
                "list " + prefix,
                () -> s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(prefix)).stream()
                        .map(response -> response.contents())
                        .toList())) {
            List<ObjectIdentifier> keys = page.stream()
                    .filter(object -> doomed.test(object.key()))
                    .map(object -> ObjectIdentifier.builder().key(object.key()).build())
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            call(
                    "remove the objects under " + prefix,
                    () -> s3.deleteObjects(b -> b.bucket(config.bucket())
                            .delete(Delete.builder().objects(keys).quiet(true).build())));
        }
    }

    private String batchPrefix(String batchId) {
        return config.prefix() + "batches/" + batchId + "/";
    }

    private String uploadsPrefix(String batchId) {
        return config.prefix() + "uploads/" + batchId + "/";
    }

    private String filesPrefix(String batchId) {
        return batchPrefix(batchId) + "files/";
    }

    private String fileKey(String batchId, String name) {
        return filesPrefix(batchId) + name;
    }

    private String manifestKey(String batchId) {
        return batchPrefix(batchId) + "manifest.json";
    }

    @Override
    public void close() {
        s3.close();
    }

    private <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, SdkException e) {
        return S3Failures.of(config, what, e);
    }
}
