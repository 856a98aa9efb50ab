package dev.tenancy.scim.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tenancy.scim.protocol.ScimException;

class FilterLimitsTest {

    @Test
    void givenFiftyLevels_thenTheFilterParses_andFiftyOneAreRefusedBeforeParsing() {
        String fifty = "not(".repeat(49) + "emails[value eq \"a\"]" + ")".repeat(49);
        assertThat(FilterTranslator.parse(fifty)).isNotNull();
        String deep = "not(".repeat(5000) + "userName eq \"x\"" + ")".repeat(5000);
        assertThatThrownBy(() -> FilterTranslator.parse("(" + fifty + ")"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        assertThatThrownBy(() -> FilterTranslator.parse(deep)).isInstanceOf(ScimException.class);
    }

    @Test
    void givenBracketsInsideQuotedValues_thenTheyDoNotCount() {
        assertThat(FilterLimits.depth("userName eq \"((((\\\"[[[[\" and (a pr)")).isEqualTo(1);
    }

    @Test
    void givenMoreThan8KiB_thenInvalidFilter() {
        String big = "userName eq \"" + "x".repeat(FilterLimits.MAX_LENGTH) + "\"";
        assertThatThrownBy(() -> FilterTranslator.parse(big))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
