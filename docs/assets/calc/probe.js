/* The syntax check calc.js runs before it fetches anything of the Python runtime:
   Pyodide's own scripts use class static blocks (Chrome 94, Firefox 93, Safari 16.4). A
   browser that cannot parse this file cannot parse them either; the flag stays unset. */
(function () {
  class Probe { static { self.__calcSyntaxOK = true; } }
  return Probe;
})();
