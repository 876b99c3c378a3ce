// The consumer ran the suite: more than zero tests (each contract class), none failed.
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'no surefire reports: no test ran'
def suites = reports.listFiles().findAll { it.name.startsWith('TEST-') && it.name.endsWith('.xml') }
def tests = 0, failed = 0
suites.each { f ->
  def s = new groovy.xml.XmlSlurper().parse(f)
  tests += s.@tests.toInteger()
  failed += s.@failures.toInteger() + s.@errors.toInteger()
}
println "consumer ran ${tests} tests in ${suites.size()} classes, ${failed} failed"
assert suites.size() == 6 : "expected the six contract classes, got ${suites*.name}"
assert tests > 100 : "only ${tests} tests ran"
assert failed == 0
return true
