package satchel.admin;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import satchel.config.ConfigException;
import satchel.config.ConfigFile;
import satchel.config.ServerConfig;

/** {@code --config FILE} and {@code --data DIR}, shared by the commands that open the store. */
final class StoreOptions {
    static final Path DEFAULT_DATA = Path.of("data");

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data, or data-dir in the file).")
    Path data;

    /** The file's settings (or the defaults), then the command-line options on top. */
    ServerConfig load() throws Failure {
        ServerConfig c;
        try {
            c = config != null ? ConfigFile.load(config, DEFAULT_DATA) : ServerConfig.standalone(DEFAULT_DATA);
        } catch (ConfigException e) {
            throw new Failure(e.getMessage());
        }
        return data != null ? c.withDataDir(data) : c;
    }
}
