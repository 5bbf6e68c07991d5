// The middleware chain of every request, in order, ending in the route's handler: free of any HTTP library.
#pragma once

#include "web/context.h"

namespace salonbox::web {

// Runs one request that the server has read into `ctx` (request id, method, path, query, form, headers, peer)
// and leaves the answer in `ctx.res`: static assets, route lookup (404, or 405 with Allow), salon from the
// path, locale, session, CSRF seed and POST checks, role check, then the handler.
void dispatch(Context& ctx);

}  // namespace salonbox::web
