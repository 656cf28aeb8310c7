#pragma once
// The files of the web page (src/server/assets/), compiled into the binary by
// tools/embed_assets.cmake: nothing is read from disk or from another host at run time.
#include <string_view>
#include <vector>

namespace depeche::server {

struct Asset {
    std::string_view path;          // as requested: "/", "/app.js", "/style.css"
    std::string_view content_type;
    std::string_view body;
};

const std::vector<Asset>& assets();

}  // namespace depeche::server
