package satchel.config;

/** A configuration file that cannot be used; the message names the file, the line and the reason. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
