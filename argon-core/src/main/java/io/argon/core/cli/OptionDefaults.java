package io.argon.core.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A daemon's options from the environment and from a properties file, below the command line:
 * a flag given wins over {@code ARGON_<OPTION>} in the environment, which wins over the
 * {@code --config} file, which wins over the built-in default. An option's names there come
 * from its longest name: {@code --max-connections} is {@code ARGON_MAX_CONNECTIONS} and
 * {@code max-connections=...} in the file.
 */
public final class OptionDefaults implements IDefaultValueProvider {
    /** The option that names the file. */
    public static final String CONFIG_OPTION = "--config";

    /** What {@code --help} says about it, under the options. */
    public static final String HELP = "%nEvery option can also be set in the environment as ARGON_<OPTION> (--max-connections: "
            + "ARGON_MAX_CONNECTIONS) or in a properties file given with --config FILE (max-connections=2048). "
            + "The command line wins over the environment, which wins over the file.";

    private final Map<String, String> environment;
    private final Properties file;
    /** The file's name, for messages; null when there is none. */
    private final String filePath;

    OptionDefaults(Map<String, String> environment, Properties file, String filePath) {
        this.environment = environment;
        this.file = file;
        this.filePath = filePath;
    }

    /**
     * The defaults for {@code spec}: the environment, and the file that {@code --config} names
     * in {@code args} (or {@code ARGON_CONFIG}), if any.
     *
     * @throws IllegalArgumentException when the file cannot be read, or names an option the command does not have
     */
    static OptionDefaults load(CommandSpec spec, String[] args, Map<String, String> environment) {
        String path = configPath(args, environment);
        Properties file = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException(CONFIG_OPTION + " " + path + ": cannot read it (" + e.getMessage() + ")");
            }
            Set<String> known = new TreeSet<>();
            for (OptionSpec option : spec.options()) {
                if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(CONFIG_OPTION)) {
                    known.add(key(option));
                }
            }
            for (String name : file.stringPropertyNames()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(CONFIG_OPTION + " " + path + ": '" + name + "' is not an option of "
                            + spec.qualifiedName() + " (it has: " + String.join(", ", known) + ")");
                }
            }
        }
        return new OptionDefaults(environment, file, path);
    }

    /** The file named by the last {@code --config} in {@code args}, else by ARGON_CONFIG, else null. */
    private static String configPath(String[] args, Map<String, String> environment) {
        String path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                path = args[++i];
            } else if (args[i].startsWith(CONFIG_OPTION + "=")) {
                path = args[i].substring(CONFIG_OPTION.length() + 1);
            } else if (args[i].equals("--")) {
                break;
            }
        }
        return path != null ? path : environment.get(environmentName(CONFIG_OPTION.substring(2)));
    }

    /**
     * The option's value from the environment or the file, trimmed (a line {@code workers=8 }
     * means 8), or null when neither gives one.
     */
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String key = key(option);
        String fromEnvironment = environment.get(environmentName(key));
        String value = fromEnvironment != null ? fromEnvironment : file.getProperty(key);
        return value == null ? null : value.trim();
    }

    /**
     * Where the option's value came from, if not the command line or a built-in default: "from
     * ARGON_WORKERS in the environment", "from workers= in /etc/argon/node.properties"; null otherwise.
     */
    String sourceOf(OptionSpec option) {
        String key = key(option);
        if (environment.containsKey(environmentName(key))) {
            return "from " + environmentName(key) + " in the environment";
        }
        return file.containsKey(key) ? "from " + key + "= in " + filePath : null;
    }

    /**
     * The option's name in a properties file: its first long name without the dashes (an option
     * known by another name too, as --http-port by --metrics-port, is read by its first), else its
     * longest name.
     */
    static String key(OptionSpec option) {
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                return name.substring(2);
            }
        }
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The environment variable for the option named {@code key}: ARGON_ and the key in capitals, - as _. */
    static String environmentName(String key) {
        return "ARGON_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
