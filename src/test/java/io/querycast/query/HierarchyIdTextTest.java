package io.querycast.query;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQL Server's encoding of hierarchyid: the two examples of the specification ([MS-SSCLRT] 2.1.1), values
 * SQL Server itself returns for {@code CAST('/1/1/3/' AS hierarchyid)} and the like, and one node whose
 * labels need the widest patterns.
 */
class HierarchyIdTextTest {

    @Test
    void theSpecificationsExamples() {
        assertThat(HierarchyIdText.of(bytes("58"))).isEqualTo("/1/");
        assertThat(HierarchyIdText.of(bytes("59FB0540"))).isEqualTo("/1/-2.18/");
    }

    @Test
    void theRootIsEmpty() {
        assertThat(HierarchyIdText.of(new byte[0])).isEqualTo("/");
    }

    @Test
    void siblingsChildrenAndTheLabelsBetweenThem() {
        assertThat(HierarchyIdText.of(bytes("68"))).isEqualTo("/2/");
        assertThat(HierarchyIdText.of(bytes("5AC0"))).isEqualTo("/1/1/");
        assertThat(HierarchyIdText.of(bytes("5B40"))).isEqualTo("/1/2/");
        assertThat(HierarchyIdText.of(bytes("5ADE"))).isEqualTo("/1/1/3/");
        // 1.1: the first label is stored one higher with its last bit 0
        assertThat(HierarchyIdText.of(bytes("62C0"))).isEqualTo("/1.1/");
        assertThat(HierarchyIdText.of(bytes("3F80"))).isEqualTo("/-1/");
    }

    @Test
    void labelsOfTheWidestPatterns() {
        byte[] bytes = bytes("FE61634711D0212FCF9037E3C09910FA9B70B963FFE4C2ECD40B6639F9BA4617E331321F5C7CD0405FF301C01CDA1AE63FD1454C39F00ED3EB34B058D980");

        assertThat(HierarchyIdText.of(bytes)).isEqualTo("/167515058144400.68456395185647.2799456567/221588961120181.60793214790911.3103372627/"
                + "52901172697923.230105430619337.3008044937/");
    }

    @Test
    void bytesThatAreNoHierarchyIdAreRefused() {
        // 0000 0001: no label starts with four zeros, and the bit set is no padding
        assertThatThrownBy(() -> HierarchyIdText.of(bytes("01"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a hierarchyid: no label at bit 0 of 0x01");
        // 01 10 0: a label followed by '.', then nothing
        assertThatThrownBy(() -> HierarchyIdText.of(bytes("60"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last level does not end");
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
