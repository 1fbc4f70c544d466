<?php
echo `ls {$_GET['dir']}`;
