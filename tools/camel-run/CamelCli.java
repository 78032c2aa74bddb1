// Camel's own CLI (`camel ...`, camel-jbang-core) started from the project's classpath: the upstream launcher
// script is a thin wrapper around CamelJBangMain.run, and the camel-launcher jar is not served here.
// Run by tools/camel-run.sh with Java's source-file mode; docs/local-run.md.
public class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
