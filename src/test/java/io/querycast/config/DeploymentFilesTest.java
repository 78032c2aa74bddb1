package io.querycast.config;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service definitions and the distribution's descriptor, as far as they can be checked without Windows or
 * systemd here: well-formed, starting the jar from the install directory, giving a clean stop longer than Camel's
 * 45 s shutdown timeout, and the archive carrying what an installation needs. (`mvn package` builds the archive;
 * docs/deployment.md lists its layout.)
 */
class DeploymentFilesTest {

    @Test
    void theWindowsServiceStartsTheJarInTheInstallDirectoryAndStopsCleanly() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document service = factory.newDocumentBuilder().parse(Path.of("deploy/querycast-service.xml").toFile());
        assertThat(text(service, "id")).isEqualTo("querycast");
        assertThat(text(service, "workingdirectory")).isEqualTo("%BASE%\\..");
        assertThat(text(service, "arguments")).contains("-jar \"%BASE%\\..\\querycast.jar\"");
        assertThat(Integer.parseInt(text(service, "stoptimeout").replace(" sec", ""))).isGreaterThan(45);
        assertThat(Files.readString(Path.of("deploy/querycast-service.xml"))).doesNotContainPattern("(?i)password\"\\s+value=");
    }

    @Test
    void theSystemdUnitRunsTheStartScriptAndWaitsLongerThanCamelsShutdown() throws Exception {
        List<String> unit = Files.readAllLines(Path.of("deploy/querycast.service"));
        assertThat(unit).contains("ExecStart=/opt/querycast/bin/querycast.sh", "WorkingDirectory=/opt/querycast", "Restart=on-failure");
        String stop = unit.stream().filter(l -> l.startsWith("TimeoutStopSec=")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(stop.substring("TimeoutStopSec=".length()))).isGreaterThan(45);
        assertThat(Files.readString(Path.of("deploy/bin/querycast.sh"))).contains("cd \"$(dirname \"$0\")/..\"", "-jar querycast.jar");
        assertThat(Files.isExecutable(Path.of("deploy/bin/querycast.sh"))).isTrue();
    }

    @Test
    void theDistributionCarriesTheJarConfigQueriesRoutesServiceFilesAndScripts() throws Exception {
        String descriptor = Files.readString(Path.of("src/assembly/distribution.xml"));
        List<String> directories = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("<directory>([^<]+)</directory>").matcher(descriptor);
        while (m.find()) {
            directories.add(m.group(1));
        }
        assertThat(directories).contains("config", "queries", "routes", "deploy", "deploy/bin");
        assertThat(descriptor).contains("<destName>querycast.jar</destName>", "<format>zip</format>");
        for (String d : List.of("config/jobs", "queries", "routes/templates")) {
            assertThat(Path.of(d)).isDirectory();
        }
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
