package io.rtsprecorder.recorder.k8s;

import io.rtsprecorder.recorder.config.ConfigException;
import io.rtsprecorder.recorder.config.DurationText;
import io.rtsprecorder.recorder.shard.LeaseTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the camera list comes from ({@code CameraSource}): {@code local} (environment, YAML file and the state file
 * on the volume; the default, one pod) or {@code kubernetes} ({@code Camera} resources in the pod's namespace,
 * recorded by whichever replica holds the camera's Lease). {@code replica} names this replica in the Leases
 * ({@code POD_NAME} from the downward API), {@code namespace} is where the Cameras and Leases are
 * ({@code POD_NAMESPACE}, else the client's namespace), and {@code timing} says how long a Lease lasts.
 */
public record ShardingConfig(boolean enabled, String replica, String namespace, LeaseTiming timing) {

    public static final String CAMERA_SOURCE = "CameraSource";
    public static final String LEASE_DURATION = "LeaseDuration";
    public static final String LEASE_RENEW_INTERVAL = "LeaseRenewInterval";
    public static final String POD_NAME = "POD_NAME";
    public static final String POD_NAMESPACE = "POD_NAMESPACE";

    /** The single-pod modes of before: no Kubernetes API for the camera list. */
    public static final ShardingConfig OFF = new ShardingConfig(false, null, null, LeaseTiming.STANDARD);

    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,200}[a-z0-9])?");

    /** Reads the settings above; every problem is listed in the {@link ConfigException}. */
    public static ShardingConfig fromEnvironment(Map<String, String> env) throws ConfigException {
        String source = env.getOrDefault(CAMERA_SOURCE, "local").strip().toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        if (source.equals("local") || source.isEmpty()) {
            return OFF;
        }
        if (!source.equals("kubernetes")) {
            throw new ConfigException(List.of(CAMERA_SOURCE + "=" + source + " is not 'local' or 'kubernetes'"));
        }
        String replica = env.get(POD_NAME);
        if (replica == null || replica.isBlank()) {
            replica = env.get("HOSTNAME");
        }
        if (replica == null || !OBJECT_NAME.matcher(replica).matches()) {
            problems.add(CAMERA_SOURCE + "=kubernetes needs " + POD_NAME + " (the downward API's metadata.name) as "
                    + "a lower-case object name, not '" + (replica == null ? "" : replica) + "'");
        }
        Duration duration = duration(env, LEASE_DURATION, Duration.ofSeconds(15), problems);
        LeaseTiming timing = LeaseTiming.STANDARD;
        if (duration != null) {
            boolean whole = duration.toMillis() % 1000 == 0;
            if (!whole) {
                problems.add(LEASE_DURATION + " must be whole seconds (a Lease counts in seconds)");
            }
            Duration interval = duration(env, LEASE_RENEW_INTERVAL, duration.dividedBy(3), problems);
            if (interval != null && whole) {
                try {
                    timing = LeaseTiming.of(duration, interval);
                } catch (IllegalArgumentException e) {
                    problems.add(LEASE_DURATION + "/" + LEASE_RENEW_INTERVAL + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String namespace = env.get(POD_NAMESPACE);
        return new ShardingConfig(true, replica, namespace == null || namespace.isBlank() ? null : namespace,
                timing);
    }

    private static Duration duration(Map<String, String> env, String key, Duration standard, List<String> problems) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return standard;
        }
        try {
            return DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }
}
