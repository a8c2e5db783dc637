package io.healthkey.backend.domain.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/** What a provider search takes, and that a refused one is never repeated back. */
class ProviderSearchTest {

    private static final EthAddress ADDRESS = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<script>", "a%00b", "name\u0000", "line\nbreak", "a\u202eb", "semi;colon",
        "under_score"})
    void refusesWhatNoNameOrAddressStartsWithAndNeverRepeatsIt(String search) {
        assertThatThrownBy(() -> ProviderSearch.of(search))
                .isInstanceOfSatisfying(DomainException.class, refused -> {
                    assertThat(refused.errorCode()).isEqualTo(ErrorCode.DIRECTORY_INVALID_SEARCH);
                    if (!search.isBlank()) {
                        assertThat(refused.getMessage()).doesNotContain(search.strip());
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 10_000})
    void refusesASearchLongerThanAnyName(int length) {
        assertThatThrownBy(() -> ProviderSearch.of("a".repeat(length)))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.DIRECTORY_INVALID_SEARCH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoë", "St Mary's", "Ärzte-Zentrum", "Clinique (Nord)", "0x15D3", "15d34aaf", " mary "})
    void takesNamesInAnyScriptAddressesAndSurroundingSpaces(String search) {
        assertThat(ProviderSearch.of(search).matches(ADDRESS, "Zoë St Mary's Ärzte-Zentrum Clinique (Nord)"))
                .isTrue();
    }
}
