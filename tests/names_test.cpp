// Name tables: the transliteration skeleton (a row per alternation), pairs that must keep
// apart, masculine/feminine given names, name particles, and the aliases file format.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/transliteration.hpp"
#include "depeche/aliases.hpp"
#include "search/names.hpp"
#include "test_support.hpp"

using depeche::analysis::name_skeleton;

TEST_CASE("names: each alternation joins the two spellings of its row", "[names]") {
    for (const auto& rule : depeche::analysis::transliteration_rules()) {
        INFO("rule " << rule.from << " -> '" << rule.to << "': " << rule.french << " / "
                     << rule.english);
        CHECK(name_skeleton(rule.french) == name_skeleton(rule.english));
    }
}

TEST_CASE("names: spellings of one name share a skeleton", "[names]") {
    const std::vector<std::pair<const char*, const char*>> same = {
        {"daech", "daesh"},       {"bachar", "bashar"},      {"idleb", "idlib"},
        {"kadhafi", "khadafi"},   {"poutine", "putin"},      {"raqqa", "raqa"},
        {"djeddah", "jeddah"},    {"netanyahou", "netanyahu"}, {"kiev", "kyiv"},
        {"zelensky", "zelenskyy"}, {"mitterrand", "mitterand"}, {"irak", "iraq"},
        {"riyad", "riyadh"},      {"ouganda", "uganda"},     {"shenzhen", "shenzen"},
        {"yangtse", "yangtze"},   {"moubarak", "mubarak"},   {"abou", "abu"},
        {"koweit", "kuwait"},     {"hussein", "hussain"},    {"bahrein", "bahrain"},
    };
    for (const auto& [a, b] : same) {
        INFO(a << " / " << b << ": " << name_skeleton(a) << " / " << name_skeleton(b));
        CHECK(name_skeleton(a) == name_skeleton(b));
    }
}

TEST_CASE("names: different names and common words keep their own skeletons", "[names]") {
    const std::vector<std::pair<const char*, const char*>> apart = {
        {"tchad", "chad"},   {"marie", "marine"}, {"alep", "alpes"},  {"bien", "biden"},
        {"santa", "sante"},  {"khan", "kahn"},   {"salah", "saleh"},
        {"iran", "irak"},    {"gambie", "zambie"}, {"hamas", "hama"}, {"mascate", "muscat"},
    };
    for (const auto& [a, b] : apart) {
        INFO(a << " / " << b << ": " << name_skeleton(a) << " / " << name_skeleton(b));
        CHECK(name_skeleton(a) != name_skeleton(b));
    }
    // Other scripts and letters outside a-z are their own skeleton.
    CHECK(name_skeleton("москва") == "москва");
    CHECK(name_skeleton("") == "");
}

TEST_CASE("names: masculine and feminine given names are told apart", "[names]") {
    using depeche::search::is_gender_pair;
    CHECK(is_gender_pair("martin", "martine"));
    CHECK(is_gender_pair("martine", "martin"));
    CHECK(is_gender_pair("daniel", "danielle"));
    CHECK(is_gender_pair("jean", "jeanne"));
    CHECK(is_gender_pair("emmanuel", "emmanuelle"));
    CHECK(is_gender_pair("frederic", "frederique"));
    CHECK(is_gender_pair("michel", "michele"));
    CHECK_FALSE(is_gender_pair("poutine", "putin"));
    CHECK_FALSE(is_gender_pair("idleb", "idlib"));
    CHECK_FALSE(is_gender_pair("raqqa", "raqa"));
    CHECK_FALSE(is_gender_pair("", "e"));
}

TEST_CASE("names: Arabic articles are particles", "[names]") {
    using depeche::search::is_name_particle;
    for (const char* particle : {"al", "el", "ad", "ar", "as", "ech"}) CHECK(is_name_particle(particle));
    for (const char* word : {"le", "la", "de", "alp", "assad", ""}) CHECK_FALSE(is_name_particle(word));
}

TEST_CASE("aliases: the file format, bad lines included", "[names][aliases]") {
    std::vector<depeche::Diagnostic> problems;
    const auto sink = [&](const depeche::Diagnostic& problem) { problems.push_back(problem); };
    const std::string text =
        "\xEF\xBB\xBF# groups of equivalent names\r\n"
        "Daech = État islamique = EI = ISIS\r\n"
        "\n"
        "  Pékin=Beijing   # the capital\n"
        "seul\n"
        "a = = b\n"
        "x = ...\n"
        "Bombay = Mumbai";  // no final line break
    const depeche::Aliases aliases = depeche::parse_aliases(text, "al.txt", sink);
    REQUIRE(aliases.groups.size() == 3);
    CHECK(aliases.groups[0].alternatives ==
          std::vector<std::string>{"Daech", "État islamique", "EI", "ISIS"});
    CHECK(aliases.groups[0].line == 2);
    CHECK(aliases.groups[1].alternatives == std::vector<std::string>{"Pékin", "Beijing"});
    CHECK(aliases.groups[1].line == 4);
    CHECK(aliases.groups[2].alternatives == std::vector<std::string>{"Bombay", "Mumbai"});
    CHECK(aliases.groups[2].line == 8);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].kind == depeche::Diagnostic::Kind::bad_alias);
    CHECK(problems[0].to_string() ==
          "al.txt:5: one alternative only: expected 'A = B [= C...]', line ignored");
    CHECK(problems[1].line == 6);
    CHECK(problems[1].message.starts_with("an empty alternative"));
    CHECK(problems[2].line == 7);
    CHECK(problems[2].message.starts_with("alternative '...' has no word"));

    CHECK(depeche::parse_aliases("", "empty", sink).groups.empty());
}

TEST_CASE("aliases: a missing file or a directory is an error", "[names][aliases]") {
    depeche::test::TempDir temp;
    const auto missing = depeche::load_aliases(temp.path() / "none.txt", {});
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().code() == depeche::Status::Code::not_found);
    CHECK_FALSE(depeche::load_aliases(temp.path(), {}).is_ok());
    const auto file = temp.write("al.txt", "Pékin = Beijing\n");
    const auto loaded = depeche::load_aliases(file, {});
    REQUIRE(loaded.is_ok());
    CHECK(loaded->groups.size() == 1);
    CHECK(loaded->file == file.string());
}
