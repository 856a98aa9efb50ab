package dev.tenancy.scim.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuePathComparisonsTest {

    @Test
    void givenEntrasShape_thenItBecomesAValuePath() {
        assertThat(ValuePathComparisons.rewrite("emails[type eq \"work\"].value eq \"a@b.c\""))
                .isEqualTo("emails[(type eq \"work\") and value eq \"a@b.c\"]");
        assertThat(ValuePathComparisons.rewrite("userName eq \"x\" or emails[type eq \"work\"].value pr"))
                .isEqualTo("userName eq \"x\" or emails[(type eq \"work\") and value pr]");
        assertThat(ValuePathComparisons.rewrite("(emails[type eq \"work\"].value EQ \"a\\\"]b\")"))
                .isEqualTo("(emails[(type eq \"work\") and value EQ \"a\\\"]b\"])");
        assertThat(FilterTranslator.parse("emails[type eq \"work\"].value eq \"a@b.c\"").toString()).contains("value eq");
    }

    @Test
    void givenOtherFilters_thenTheyAreLeftAlone() {
        for (String f : new String[] {"emails[type eq \"work\" and value co \"@corp\"]", "userName eq \"a].b eq c\"",
                "emails[type eq \"work\"].value", "emails[type eq \"x\"].value zz \"a\""}) {
            assertThat(ValuePathComparisons.rewrite(f)).isEqualTo(f);
        }
    }
}
