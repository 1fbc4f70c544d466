<?php
/* the classic wrapper, with a comment and odd case to defeat string matching */
EvAl /* x */ ( gzinflate( // y
  base64_decode('S03OyFcwtAYA') ) );
