package satchel.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, found through {@code META-INF/services}: text lines at info to standard error,
 * so every command (and a test) logs sensibly before, or without, {@link ServerLog#start}. Logback's own
 * fallback writes debug to standard output, which carries IMAP in {@code imap-stdio} and the answers of
 * {@code satchel user list}. With {@code -Dlogback.configurationFile} set, Logback reads that file instead.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override public ExecutionStatus configure(LoggerContext context) {
        if (ServerLog.external()) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        ServerLog.defaults(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
