# Each Catch2 test case becomes one CTest test, so ctest reports them one by one.
include(/usr/lib/cmake/Catch2/Catch.cmake OPTIONAL RESULT_VARIABLE DEPECHE_CATCH_CMAKE)
if(DEPECHE_CATCH_CMAKE)
  # A test that cannot run here says "SKIPPED: why" (DEPECHE_SKIP): ctest reports it skipped.
  catch_discover_tests(depeche_tests PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED:")
else()
  add_test(NAME depeche_tests COMMAND depeche_tests)
endif()
