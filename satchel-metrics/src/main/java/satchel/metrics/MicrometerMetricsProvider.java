package satchel.metrics;

import satchel.server.Metrics;

/** The Micrometer backend, found by {@link Metrics#load} through {@link java.util.ServiceLoader}. */
public final class MicrometerMetricsProvider implements Metrics.Provider {
    @Override public Metrics create(Metrics.Sources sources) {
        return new MicrometerMetrics(sources);
    }
}
